package io.rkproxy.server;

import io.rkproxy.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.RestoreParams;

/**
 * A standalone redis-server, as its operator: the victim's db and two dbs of no tenant hold the victim's data; every
 * db but the attacker's is watched.
 */
final class StandaloneBackend implements Backend {

    private final RedisServer server;
    private final String password;
    private final ProbeTenant attacker;
    private final Jedis jedis;
    private final int databases;
    private final List<Place> places;

    StandaloneBackend(RedisServer server, String password, ProbeTenant attacker, ProbeTenant victim) {
        this.server = server;
        this.password = password;
        this.attacker = attacker;
        this.jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().password(password).socketTimeoutMillis(10_000).build());
        this.databases = Integer.parseInt(jedis.configGet("databases").get("databases"));
        this.places = List.of(new Place("db " + victim.db() + " (the victim's)", victim.db(), ""),
                new Place("db 0 (no tenant's)", 0, ""),
                new Place("db " + (databases - 1) + " (no tenant's)", databases - 1, ""));
    }

    @Override
    public List<ProbedCommand> commands() {
        return BackendCommandTable.read(jedis);
    }

    @Override
    public List<Place> places() {
        return places;
    }

    @Override
    public void execute(Place place, List<String> command) {
        jedis.select(place.db());
        jedis.sendCommand(JedisReplies.command(command.get(0)), JedisReplies.args(command));
    }

    @Override
    public List<String> everywhere(List<String> command) {
        return List.of(JedisReplies.text(jedis.sendCommand(JedisReplies.command(command.get(0)),
                JedisReplies.args(command))));
    }

    @Override
    public void publish(String channel, String message) {
        jedis.publish(channel, message);
    }

    @Override
    public void spublish(String shardChannel, String message) {
        jedis.sendCommand(JedisReplies.command("SPUBLISH"), shardChannel, message);
    }

    @Override
    public BackendSnapshot snapshot(List<List<String>> serverQueries) {
        Pipeline listing = jedis.pipelined();
        Map<Integer, Response<Set<byte[]>>> names = new LinkedHashMap<>();
        for (int db = 0; db < databases; db++) {
            if (db != attacker.db()) {
                listing.select(db);
                names.put(db, listing.keys("*".getBytes(StandardCharsets.US_ASCII)));
            }
        }
        listing.select(0);
        listing.sync();
        Pipeline reading = jedis.pipelined();
        Map<String, Response<byte[]>> dumps = new LinkedHashMap<>();
        Map<String, Response<Long>> ttls = new HashMap<>();
        names.forEach((db, keys) -> {
            reading.select(db);
            for (byte[] key : keys.get()) {
                String id = "db" + db + "/" + new String(key, StandardCharsets.ISO_8859_1);
                dumps.put(id, reading.dump(key));
                ttls.put(id, reading.pttl(key));
            }
        });
        reading.select(0);
        Map<String, Response<Object>> replies = new LinkedHashMap<>();
        for (List<String> query : serverQueries) {
            replies.put(String.join(" ", query), reading.sendCommand(JedisReplies.command(query.get(0)),
                    JedisReplies.args(query)));
        }
        reading.sync();
        Map<String, KeyState> keys = new HashMap<>();
        dumps.forEach((id, dump) -> {
            int slash = id.indexOf('/');
            keys.put(id, new KeyState(id.substring(0, slash), id.substring(slash + 1), dump.get(), ttls.get(id).get()));
        });
        Map<String, String> serverState = new HashMap<>();
        replies.forEach((query, reply) -> serverState.put(query, JedisReplies.text(reply.get())));
        return new BackendSnapshot(keys, serverState);
    }

    @Override
    public void restore(BackendSnapshot baseline) {
        for (int db = 0; db < databases; db++) {
            if (db != attacker.db()) {
                jedis.select(db);
                jedis.flushDB();
            }
        }
        long elapsed = System.currentTimeMillis() - baseline.takenAtMillis();
        for (KeyState key : baseline.keys()) {
            jedis.select(Integer.parseInt(key.where().substring(2)));
            jedis.restore(JedisReplies.bytes(key.key()), key.pttl() < 0 ? 0 : Math.max(1, key.pttl() - elapsed),
                    key.dump(), RestoreParams.restoreParams().replace());
        }
        jedis.select(0);
    }

    @Override
    public void clearAttacker() {
        jedis.select(attacker.db());
        jedis.flushDB();
        jedis.select(0);
    }

    @Override
    public String restorePayload() {
        jedis.select(attacker.db());
        jedis.set("payload", "attacker-own-payload");
        byte[] payload = jedis.dump("payload".getBytes(StandardCharsets.US_ASCII));
        jedis.del("payload");
        jedis.select(0);
        return new String(payload, StandardCharsets.ISO_8859_1);
    }

    @Override
    public ProbeConnection connect() {
        ProbeConnection c = new ProbeConnection(server.port());
        c.expect("+OK", "AUTH", password);
        return c;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        jedis.close();
    }
}
