package io.rkproxy.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection of KafkaConsumeBench's kpop and blpop modes: AUTH, for BLPOP {@code CLIENT SETNAME}, then rounds of
 * pipelined {@code KPOP topic} or {@code BLPOP topics:<topic> 1}, the latter preceded by {@code RPUSH acks} for each
 * record of the round before when acking. Nil replies are counted and skipped.
 */
final class ProxyConsumer {
    static final int BLPOP_TIMEOUT_SECONDS = 1;

    private final InetSocketAddress address;
    private final String password;
    private final String topic;
    private final String clientName;
    private final int pipeline;
    private final boolean acks;
    private final long backoffMs;
    private final ConsumeProgress progress;

    /**
     * {@code clientName} null for KPOP; {@code backoffMs} the sleep before the next round after one of only nils,
     * as a polling client would (0: none).
     */
    ProxyConsumer(InetSocketAddress address, String password, String topic, String clientName, int pipeline,
                  boolean acks, long backoffMs, ConsumeProgress progress) {
        this.address = address;
        this.password = password;
        this.topic = topic;
        this.clientName = clientName;
        this.pipeline = pipeline;
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
                    : RespClient.args("KPOP", topic);
            List<String> toAck = new ArrayList<>();
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
                    if (!(reply instanceof List<?> fields) || fields.size() != (blpop ? 8 : 3)) {
                        throw new IllegalStateException((blpop ? "BLPOP" : "KPOP") + " replied "
                                + RespClient.show(reply));
                    }
                    long partition = number(fields.get(blpop ? 3 : 0));
                    long offset = number(fields.get(blpop ? 5 : 1));
                    if (fields.get(blpop ? 7 : 2) == null) {
                        throw new IllegalStateException("a record without a value: " + RespClient.show(reply));
                    }
                    got++;
                    if (acks) {
                        toAck.add(topic + ":" + partition + ":" + offset);
                    }
                    progress.record(partition, offset);
                }
                if (got == 0 && backoffMs > 0 && progress.running()) {
                    Thread.sleep(backoffMs);
                }
            }
        }
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
