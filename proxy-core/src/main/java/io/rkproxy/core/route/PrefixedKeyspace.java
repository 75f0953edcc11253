package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * DBSIZE, RANDOMKEY and FLUSHDB for a tenant whose keys share a cluster with other tenants': the backend's own
 * answers would cover everyone's keys, so the proxy walks the tenant's keys with {@code SCAN MATCH <prefix>*} (the
 * SCAN is cluster-wide) and counts them, picks one, or UNLINKs them batch by batch. The session waits for the
 * answer before it runs the next command, so a FLUSHDB never deletes a key written after it. A count or a pick stops
 * when the client has gone; a FLUSHDB, once received, is carried out whole, as Redis would.
 */
public final class PrefixedKeyspace {

    static final String SCAN_COUNT = "1000";

    private final ClientInfo client;
    private final BiConsumer<RespCommand, ReplyCallback> backend;
    private final ReplyCallback slot;
    private final Runnable finished;
    private final Mode mode;
    private final KeyPrefix prefix;
    private final byte[] pattern;
    private long counted;

    enum Mode { COUNT, PICK_ONE, DELETE }

    static boolean handles(RespCommand command) {
        return switch (command.name()) {
            case "dbsize", "randomkey", "flushdb" -> true;
            default -> false;
        };
    }

    static Mode mode(RespCommand command) {
        return switch (command.name()) {
            case "dbsize" -> Mode.COUNT;
            case "randomkey" -> Mode.PICK_ONE;
            default -> Mode.DELETE;
        };
    }

    private PrefixedKeyspace(ClientInfo client, BiConsumer<RespCommand, ReplyCallback> backend, Mode mode,
                             KeyPrefix prefix, ReplyCallback slot, Runnable finished) {
        this.client = client;
        this.backend = backend;
        this.mode = mode;
        this.slot = slot;
        this.finished = finished;
        this.prefix = prefix;
        this.pattern = prefix.allKeysPattern();
    }

    /**
     * Starts the walk, sending its SCANs and UNLINKs to {@code backend}; {@code finished} runs just before
     * {@code slot} gets the answer.
     */
    public static void start(ClientInfo client, BiConsumer<RespCommand, ReplyCallback> backend, Mode mode, KeyPrefix prefix,
                      ReplyCallback slot, Runnable finished) {
        new PrefixedKeyspace(client, backend, mode, prefix, slot, finished).scan("0");
    }

    private void scan(String cursor) {
        if (mode != Mode.DELETE && !client.channel().isActive()) {
            finished.run();
            slot.onError(RespErrors.CLOSING);
            return;
        }
        backend.accept(RespCommand.of("SCAN".getBytes(StandardCharsets.US_ASCII),
                cursor.getBytes(StandardCharsets.US_ASCII), "MATCH".getBytes(StandardCharsets.US_ASCII), pattern,
                "COUNT".getBytes(StandardCharsets.US_ASCII), SCAN_COUNT.getBytes(StandardCharsets.US_ASCII)),
                callback(reply -> batch(reply.items().get(0).asText(), reply.items().get(1).items())));
    }

    private void batch(String next, List<RespValue> keys) {
        boolean last = next.equals("0");
        switch (mode) {
            case COUNT -> {
                counted += keys.size();
                if (last) {
                    answer(RespReplies.integer(client.alloc(), counted));
                    return;
                }
            }
            case PICK_ONE -> {
                if (!keys.isEmpty()) {
                    byte[] key = ((RespValue.Bulk) keys.get(ThreadLocalRandom.current().nextInt(keys.size()))).bytes();
                    answer(RespReplies.bulk(client.alloc(), prefix.strip(key)));
                    return;
                }
                if (last) {
                    answer(RespReplies.nil(client.protocol()));
                    return;
                }
            }
            case DELETE -> {
                if (!keys.isEmpty()) {
                    List<byte[]> args = new ArrayList<>(keys.size() + 1);
                    args.add("UNLINK".getBytes(StandardCharsets.US_ASCII));
                    keys.forEach(k -> args.add(((RespValue.Bulk) k).bytes()));
                    backend.accept(RespCommand.of(args.toArray(byte[][]::new)), callback(reply -> {
                        if (last) {
                            answer(RespReplies.ok());
                        } else {
                            scan(next);
                        }
                    }));
                    return;
                }
                if (last) {
                    answer(RespReplies.ok());
                    return;
                }
            }
        }
        scan(next);
    }

    private void answer(ByteBuf reply) {
        finished.run();
        slot.onReply(reply);
    }

    private ReplyCallback callback(java.util.function.Consumer<RespValue> onValue) {
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                RespValue value = RespValue.consume(frame);
                if (value instanceof RespValue.Error error) {
                    onError(error.text());
                } else {
                    onValue.accept(value);
                }
            }

            @Override
            public void onError(String redisError) {
                finished.run();
                slot.onError(redisError);
            }
        };
    }
}
