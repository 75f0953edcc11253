package io.rkproxy.bench.soak;

import io.rkproxy.testkit.RespSocket;
import java.util.function.IntFunction;

/**
 * SETs {@code depth} keys in one write, then GETs them back in another, expecting each value just set: depth 1 is
 * unpipelined (one request per round trip), more is pipelined. Each connection cycles over keys of its own, a
 * bounded set, so the backends' memory stays flat too. One round trip is one latency figure.
 */
final class KeyValueStep implements StepLoad.Step {
    private static final int KEYS_PER_CONNECTION = 10_000;

    private final String keyPrefix;
    private final int depth;
    private long round;

    KeyValueStep(String keyPrefix, int depth) {
        this.keyPrefix = keyPrefix;
        this.depth = depth;
    }

    @Override
    public void run(RespSocket connection, Meter meter) {
        String[] keys = new String[depth];
        String[] values = new String[depth];
        StringBuilder sets = new StringBuilder();
        StringBuilder gets = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            keys[i] = keyPrefix + (round * depth + i) % KEYS_PER_CONNECTION;
            values[i] = "v" + round + ":" + i;
            sets.append(RespSocket.encode("SET", keys[i], values[i]));
            gets.append(RespSocket.encode("GET", keys[i]));
        }
        round++;
        roundTrip(connection, meter, sets.toString(), i -> "+OK");
        roundTrip(connection, meter, gets.toString(), i -> values[i]);
    }

    private void roundTrip(RespSocket connection, Meter meter, String requests, IntFunction<String> expected) {
        long start = System.nanoTime();
        connection.sendRaw(requests);
        int good = 0;
        for (int i = 0; i < depth; i++) {
            String reply = connection.read();
            if (reply.equals(expected.apply(i))) {
                good++;
            } else {
                meter.unexpected(expected.apply(i), reply);
            }
        }
        meter.ok(good, System.nanoTime() - start);
    }
}
