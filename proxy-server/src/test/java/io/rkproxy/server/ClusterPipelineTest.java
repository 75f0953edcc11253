package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.RespSocket;
import io.rkproxy.testkit.RespText;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One client pipelines 100,000 commands over random keys of every master; each reply is checked against a model.
 * Commands on one key keep their order (one slot, one node, one connection), so the model is exact.
 */
class ClusterPipelineTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}");

    static final int COMMANDS = 100_000;
    static final int KEYS = 1_000;

    @Test
    void aHundredThousandMixedCommandsAcrossNodesAllGetTheirRightReplyInOrder() throws Exception {
        Random random = new Random(42);
        Map<String, Long> model = new HashMap<>();
        List<String[]> commands = new ArrayList<>(COMMANDS);
        List<String> expected = new ArrayList<>(COMMANDS);
        for (int i = 0; i < COMMANDS; i++) {
            String[] keys = new String[1 + random.nextInt(4)];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = "key" + random.nextInt(KEYS);
            }
            switch (random.nextInt(4)) {
                case 0 -> {
                    List<String> args = new ArrayList<>(List.of("MSET"));
                    Map<String, Long> written = new HashMap<>();
                    for (String key : keys) {
                        long value = random.nextInt(1000);
                        args.add(key);
                        args.add(Long.toString(value));
                        written.put(key, value);
                    }
                    model.putAll(written);
                    commands.add(args.toArray(String[]::new));
                    expected.add("+OK");
                }
                case 1 -> {
                    List<String> values = new ArrayList<>();
                    for (String key : keys) {
                        Long v = model.get(key);
                        values.add(v == null ? "(nil)" : v.toString());
                    }
                    commands.add(prepend("MGET", keys));
                    expected.add(String.join("\n", values));
                }
                case 2 -> {
                    long next = model.merge(keys[0], 1L, Long::sum);
                    commands.add(new String[] {"INCR", keys[0]});
                    expected.add(":" + next);
                }
                default -> {
                    long deleted = java.util.Arrays.stream(keys).distinct().filter(k -> model.remove(k) != null).count();
                    commands.add(prepend("DEL", keys));
                    expected.add(":" + deleted);
                }
            }
        }
        try (RespSocket c = proxy.login("alice-secret")) {
            c.timeout(60_000);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = new BufferedOutputStream(c.output(), 1 << 16);
                    for (String[] command : commands) {
                        out.write(RespSocket.encode(command).getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int i = 0; i < COMMANDS; i++) {
                String reply = RespText.readReply(c.input());
                if (!expected.get(i).equals(reply)) {
                    assertEquals(expected.get(i), reply, "reply " + i + " to " + String.join(" ", commands.get(i)));
                }
            }
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    private static String[] prepend(String name, String[] keys) {
        String[] args = new String[keys.length + 1];
        args[0] = name;
        System.arraycopy(keys, 0, args, 1, keys.length);
        return args;
    }
}
