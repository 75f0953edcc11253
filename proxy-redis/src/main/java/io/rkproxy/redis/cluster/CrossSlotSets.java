package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SINTER, SUNION, SDIFF, ZUNION, ZINTER, ZDIFF and PFCOUNT over keys of several slots, which Redis Cluster
 * refuses. The proxy DUMPs every key from its own master, RESTOREs the copies under temporary keys that share one
 * hash tag (inside the tenant's prefix, with a short TTL in case the proxy dies half-way), runs the client's command
 * on those, and UNLINKs them. Redis itself computes the answer, so options (WEIGHTS, AGGREGATE, WITHSCORES), type
 * errors and RESP3 reply types are exactly Redis's.
 */
final class CrossSlotSets {

    private static final Set<String> COMMANDS = Set.of("sinter", "sunion", "sdiff", "zunion", "zinter", "zdiff",
            "pfcount");
    private static final byte[] TEMP_TTL_MS = "60000".getBytes(StandardCharsets.US_ASCII);
    /** The error when a key could not be copied: a DUMP or RESTORE answered otherwise than as it should. */
    static final String CANNOT_COPY = "ERR cannot copy the keys to one slot to compute this across slots";

    private CrossSlotSets() {
    }

    static boolean handles(RespCommand command) {
        return COMMANDS.contains(command.name());
    }

    /** Takes ownership of {@code command}; {@code keys} are its key argument indexes. */
    static void run(ClusterRoute route, RespCommand command, int[] keys, ReplyCallback callback) {
        String tag = "{rkproxy-tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "}";
        byte[][] temps = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            temps[i] = (route.keyPrefix() + tag + i).getBytes(StandardCharsets.UTF_8);
        }
        byte[][] dumps = new byte[keys.length][];
        int[] remaining = {keys.length};
        String[] error = {null};
        for (int i = 0; i < keys.length; i++) {
            int index = i;
            byte[] key = command.argBytes(keys[i]);
            route.sendToSlot(SlotHash.slot(key), RespCommand.of("DUMP".getBytes(StandardCharsets.US_ASCII), key),
                    new ReplyCallback() {
                        @Override
                        public void onReply(ByteBuf frame) {
                            RespValue dump = RespValue.consume(frame);
                            if (dump instanceof RespValue.Bulk bulk) {
                                dumps[index] = bulk.bytes();
                            } else if (dump instanceof RespValue.Error e) {
                                failed(e.text());
                            } else if (!(dump instanceof RespValue.Null)) {
                                failed(CANNOT_COPY);
                            }
                            dumped();
                        }

                        @Override
                        public void onError(String redisError) {
                            failed(redisError);
                            dumped();
                        }

                        private void failed(String redisError) {
                            if (error[0] == null) {
                                error[0] = redisError;
                            }
                        }

                        private void dumped() {
                            if (--remaining[0] > 0) {
                                return;
                            }
                            if (error[0] != null) {
                                command.release();
                                callback.onError(error[0]);
                            } else {
                                computeOnCopies(route, command, keys, temps, dumps, callback);
                            }
                        }
                    });
        }
    }

    /** RESTOREs the copies, runs the command on them, UNLINKs them: in that order on one connection. */
    private static void computeOnCopies(ClusterRoute route, RespCommand command, int[] keys, byte[][] temps,
                                        byte[][] dumps, ReplyCallback callback) {
        int slot = SlotHash.slot(temps[0]);
        boolean[] restored = {true};
        for (int i = 0; i < temps.length; i++) {
            if (dumps[i] != null) {
                route.sendToSlot(slot, RespCommand.of("RESTORE".getBytes(StandardCharsets.US_ASCII), temps[i],
                        TEMP_TTL_MS, dumps[i]), new ReplyCallback() {
                            @Override
                            public void onReply(ByteBuf frame) {
                                restored[0] &= !(RespValue.consume(frame) instanceof RespValue.Error);
                            }

                            @Override
                            public void onError(String redisError) {
                                restored[0] = false;
                            }
                        });
            }
        }
        byte[][] args = new byte[command.argCount()][];
        for (int i = 0; i < args.length; i++) {
            args[i] = command.argBytes(i);
        }
        for (int i = 0; i < keys.length; i++) {
            args[keys[i]] = temps[i];
        }
        command.release();
        route.sendToSlot(slot, RespCommand.of(args), new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                if (restored[0]) {
                    callback.onReply(frame);
                } else {
                    frame.release();
                    callback.onError(CANNOT_COPY);
                }
            }

            @Override
            public void onError(String redisError) {
                callback.onError(redisError);
            }
        });
        byte[][] unlink = new byte[temps.length + 1][];
        unlink[0] = "UNLINK".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(temps, 0, unlink, 1, temps.length);
        route.sendToSlot(slot, RespCommand.of(unlink), ReplyCallback.DISCARD);
    }
}
