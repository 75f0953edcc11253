package io.rkproxy.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection of KafkaConsumeBench's kpop and blpop modes: AUTH, for BLPOP {@code CLIENT SETNAME}, then rounds of
 * pipelined {@code KPOP topic} (with a count above 1 {@code KPOP topic COUNT n}) or {@code BLPOP topics:<topic> 1},
 * the latter preceded by {@code RPUSH acks} for each record of the round before when acking. Nil replies are counted
 * and skipped.
 */
final class ProxyConsumer {
    static final int BLPOP_TIMEOUT_SECONDS = 1;

    private final InetSocketAddress address;
    private final String password;
    private final String topic;
    private final String clientName;
    private final int pipeline;
    private final int count;
    private final boolean acks;
    private final long backoffMs;
    private final ConsumeProgress progress;
    /** The acks for the records of the round before. */
    private final List<String> toAck = new ArrayList<>();

    /**
     * {@code clientName} null for KPOP; {@code count} the records a KPOP asks for (1: the plain form);
     * {@code backoffMs} the sleep before the next round after one of only nils, as a polling client would (0: none).
     */
    ProxyConsumer(InetSocketAddress address, String password, String topic, String clientName, int pipeline,
                  int count, boolean acks, long backoffMs, ConsumeProgress progress) {
        this.address = address;
        this.password = password;
        this.topic = topic;
        this.clientName = clientName;
        this.pipeline = pipeline;
        this.count = count;
        this.acks = acks;
        this.backoffMs = backoffMs;
        this.progress = progress;
    }

    /** Consumes until the run ends; throws on an error reply or a lost connection. */
    void run() throws Exception {
        boolean blpop = clientName != null;
        try (RespClient resp = new RespClient(address)) {
            expectOk(resp.call("AUTH", password), "AUTH");
            if (blpop) {
                expectOk(resp.call("CLIENT", "SETNAME", clientName), "CLIENT SETNAME " + clientName);
            }
            byte[][] pop = blpop
                    ? RespClient.args("BLPOP", "topics:" + topic, Integer.toString(BLPOP_TIMEOUT_SECONDS))
                    : count > 1 ? RespClient.args("KPOP", topic, "COUNT", Integer.toString(count))
                    : RespClient.args("KPOP", topic);
            while (progress.running()) {
                for (String ack : toAck) {
                    resp.send(RespClient.args("RPUSH", "acks", ack));
                }
                for (int i = 0; i < pipeline; i++) {
                    resp.send(pop);
                }
                resp.flush();
                for (int i = 0; i < toAck.size(); i++) {
                    Object reply = resp.read();
                    if (!Long.valueOf(1).equals(reply)) {
                        throw new IllegalStateException("RPUSH acks " + toAck.get(i) + " replied "
                                + RespClient.show(reply));
                    }
                }
                toAck.clear();
                int got = 0;
                for (int i = 0; i < pipeline; i++) {
                    Object reply = resp.read();
                    if (reply == null) {
                        progress.nil();
                        continue;
                    }
                    if (!(reply instanceof List<?> fields) || (blpop ? fields.size() != 8
                            : fields.isEmpty() || fields.size() % 3 != 0 || fields.size() > 3 * count)) {
                        throw new IllegalStateException((blpop ? "BLPOP" : "KPOP") + " replied "
                                + RespClient.show(reply));
                    }
                    if (blpop) {
                        record(fields, 3, reply);
                        got++;
                    } else {
                        for (int at = 0; at < fields.size(); at += 3) {
                            record(fields, at, reply);
                            got++;
                        }
                    }
                }
                if (got == 0 && backoffMs > 0 && progress.running()) {
                    Thread.sleep(backoffMs);
                }
            }
        }
    }

    /**
     * Counts the record whose partition is at {@code fields[at]}, its offset at {@code at + 2} for BLPOP (after the
     * name "offset") or {@code at + 1} for KPOP's triples, and its value after that.
     */
    private void record(List<?> fields, int at, Object reply) {
        int step = clientName != null ? 2 : 1;
        long partition = number(fields.get(at));
        long offset = number(fields.get(at + step));
        if (fields.get(at + 2 * step) == null) {
            throw new IllegalStateException("a record without a value: " + RespClient.show(reply));
        }
        if (acks) {
            toAck.add(topic + ":" + partition + ":" + offset);
        }
        progress.record(partition, offset);
    }

    private static void expectOk(Object reply, String command) {
        if (!"OK".equals(reply)) {
            throw new IllegalStateException(command + " replied " + RespClient.show(reply));
        }
    }

    private static long number(Object field) {
        if (field instanceof Long n) {
            return n;
        }
        if (field instanceof byte[] bulk) {
            return Long.parseLong(new String(bulk, StandardCharsets.US_ASCII));
        }
        throw new IllegalStateException("not a number: " + RespClient.show(field));
    }
}
