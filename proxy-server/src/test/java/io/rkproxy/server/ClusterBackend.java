package io.rkproxy.server;

import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A Redis Cluster, as its operator, one connection per master: the victim's prefix and the unprefixed keyspace of no
 * tenant hold the victim's data; every key not under the attacker's prefix is watched. A command goes to the master
 * of the first key the backend itself finds in it ({@code COMMAND GETKEYS}).
 */
final class ClusterBackend implements Backend {

    private static final byte[] SCAN_START = "0".getBytes(StandardCharsets.US_ASCII);

    private final RedisCluster cluster;
    private final ProbeTenant attacker;
    private final Map<String, Jedis> masters = new LinkedHashMap<>();
    /** The master of each key asked about; the cluster's slots do not move during a probe. */
    private final Map<String, Jedis> owners = new HashMap<>();
    private final List<Place> places;

    ClusterBackend(RedisCluster cluster, ProbeTenant attacker, ProbeTenant victim) {
        this.cluster = cluster;
        this.attacker = attacker;
        for (RedisServer master : cluster.masters()) {
            masters.put(master.address(), new Jedis("127.0.0.1", master.port(), 10_000));
        }
        this.places = List.of(new Place("prefix " + victim.keyPrefix() + " (the victim's)", 0, victim.keyPrefix()),
                new Place("no prefix (no tenant's)", 0, ""));
    }

    @Override
    public List<ProbedCommand> commands() {
        return BackendCommandTable.read(anyMaster());
    }

    @Override
    public List<Place> places() {
        return places;
    }

    @Override
    public void execute(Place place, List<String> command) {
        List<String> args = List.of(JedisReplies.args(command));
        Object keys = anyMaster().sendCommand(JedisReplies.command("COMMAND"), concat("GETKEYS", command));
        String key = JedisReplies.text(keys).split("\n")[0];
        masterOf(key).sendCommand(JedisReplies.command(command.get(0)), args.toArray(String[]::new));
    }

    @Override
    public List<String> everywhere(List<String> command) {
        return masters.values().stream().map(m -> JedisReplies.text(m.sendCommand(JedisReplies.command(command.get(0)),
                JedisReplies.args(command)))).toList();
    }

    @Override
    public void publish(String channel, String message) {
        anyMaster().publish(channel, message);
    }

    @Override
    public void spublish(String shardChannel, String message) {
        masterOf(shardChannel).sendCommand(JedisReplies.command("SPUBLISH"), shardChannel, message);
    }

    @Override
    public BackendSnapshot snapshot(List<List<String>> serverQueries) {
        Map<String, KeyState> keys = new HashMap<>();
        Map<String, String> serverState = new HashMap<>();
        masters.forEach((address, master) -> {
            List<byte[]> names = scan(master, null).stream()
                    .filter(k -> !text(k).startsWith(attacker.keyPrefix())).toList();
            Pipeline reading = master.pipelined();
            List<Response<byte[]>> dumps = new ArrayList<>();
            List<Response<Long>> ttls = new ArrayList<>();
            for (byte[] name : names) {
                dumps.add(reading.dump(name));
                ttls.add(reading.pttl(name));
            }
            Map<String, Response<Object>> replies = new LinkedHashMap<>();
            for (List<String> query : serverQueries) {
                replies.put(address + " " + String.join(" ", query),
                        reading.sendCommand(JedisReplies.command(query.get(0)), JedisReplies.args(query)));
            }
            reading.sync();
            for (int i = 0; i < names.size(); i++) {
                String key = text(names.get(i));
                keys.put(key, new KeyState(address, key, dumps.get(i).get(), ttls.get(i).get()));
            }
            replies.forEach((query, reply) -> serverState.put(query, JedisReplies.text(reply.get())));
        });
        return new BackendSnapshot(keys, serverState);
    }

    @Override
    public void restore(BackendSnapshot baseline) {
        masters.values().forEach(master -> {
            List<byte[]> others = scan(master, null).stream()
                    .filter(k -> !text(k).startsWith(attacker.keyPrefix())).toList();
            others.forEach(master::unlink);
        });
        long elapsed = System.currentTimeMillis() - baseline.takenAtMillis();
        for (KeyState key : baseline.keys()) {
            masters.get(key.where()).restore(JedisReplies.bytes(key.key()),
                    key.pttl() < 0 ? 0 : Math.max(1, key.pttl() - elapsed), key.dump(),
                    RestoreParams.restoreParams().replace());
        }
    }

    @Override
    public void clearAttacker() {
        byte[] pattern = (attacker.keyPrefix() + "*").getBytes(StandardCharsets.ISO_8859_1);
        masters.values().forEach(master -> scan(master, pattern).forEach(master::unlink));
    }

    @Override
    public String restorePayload() {
        String key = attacker.backendKey("payload");
        Jedis master = masterOf(key);
        master.set(key, "attacker-own-payload");
        byte[] payload = master.dump(JedisReplies.bytes(key));
        master.del(key);
        return text(payload);
    }

    @Override
    public ProbeConnection connect() {
        return new ProbeConnection(cluster.masters().get(0).port());
    }

    @Override
    public int port() {
        return cluster.masters().get(0).port();
    }

    @Override
    public void close() {
        masters.values().forEach(Jedis::close);
    }

    private static List<byte[]> scan(Jedis master, byte[] pattern) {
        ScanParams params = new ScanParams().count(1000);
        if (pattern != null) {
            params.match(pattern);
        }
        List<byte[]> names = new ArrayList<>();
        byte[] cursor = SCAN_START;
        do {
            ScanResult<byte[]> page = master.scan(cursor, params);
            names.addAll(page.getResult());
            cursor = page.getCursorAsBytes();
        } while (!text(cursor).equals("0"));
        return names;
    }

    private Jedis masterOf(String key) {
        return owners.computeIfAbsent(key, k -> masters.get(cluster.masterForSlot(cluster.slotOf(k)).address()));
    }

    private Jedis anyMaster() {
        return masters.values().iterator().next();
    }

    private static String[] concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
