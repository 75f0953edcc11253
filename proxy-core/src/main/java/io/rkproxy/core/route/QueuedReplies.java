package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What is owed to the commands a session queued in a transaction, whose replies come in EXEC's, one element each,
 * in the order they were queued: the key prefix taken off a key-prefixed tenant's keys, and the PUBLISHes the proxy
 * runs itself. The tenant's backend user may not publish, so a queued PUBLISH is queued on the backend as a PING, and
 * once EXEC has run the rest it goes, in its order among the transaction's PUBLISHes, as the pool's user; its count
 * of receivers takes the PING's place in EXEC's reply. Used only from the session's event loop.
 */
final class QueuedReplies {

    /** Per queued command, what takes the prefix off its reply; null for a reply that names no key. */
    private final List<UnaryOperator<RespValue>> strippers = new ArrayList<>();
    private final List<Publish> publishes = new ArrayList<>();
    private long publishBytes;
    private boolean anyStripper;

    /** A PUBLISH or SPUBLISH queued at {@code index}, its channel already in the tenant's namespace. */
    private record Publish(int index, byte[][] args) {
    }

    void queued(UnaryOperator<RespValue> stripper) {
        strippers.add(stripper);
        anyStripper |= stripper != null;
    }

    /**
     * A PUBLISH queued in its PING's place; {@code args} are sent once EXEC has run. False, queuing nothing, when the
     * transaction's PUBLISHes would then hold more than {@code maxBytes} in the proxy.
     */
    boolean queuedPublish(byte[][] args, long maxBytes) {
        long bytes = 0;
        for (byte[] arg : args) {
            bytes += arg.length;
        }
        if (publishBytes + bytes > maxBytes) {
            return false;
        }
        publishBytes += bytes;
        publishes.add(new Publish(strippers.size(), args));
        strippers.add(null);
        return true;
    }

    /** The transaction began or was discarded: nothing is owed. */
    void clear() {
        strippers.clear();
        publishes.clear();
        publishBytes = 0;
        anyStripper = false;
    }

    /**
     * EXEC's slot, with each element of its reply stripped as its command's own reply would be and, when EXEC ran
     * the transaction, the queued PUBLISHes sent through {@code publisher} and their replies in their places.
     */
    ReplyCallback exec(ReplyCallback slot, ReplyFormat session, BiConsumer<RespCommand, ReplyCallback> publisher) {
        if (!anyStripper && publishes.isEmpty()) {
            clear();
            return slot;
        }
        List<UnaryOperator<RespValue>> owed = new ArrayList<>(strippers);
        List<Publish> published = new ArrayList<>(publishes);
        clear();
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                int start = frame.readerIndex();
                if (!(RespValue.parse(frame) instanceof RespValue.Array results)
                        || results.items().size() != owed.size()) {
                    slot.onReply(frame.readerIndex(start)); // aborted: nothing ran, nothing to publish
                    return;
                }
                frame.release();
                List<RespValue> items = stripped(results.items(), owed);
                new Publishing(items, published.size(), done -> slot.onReply(RespValueEncoder.encode(
                        results.withItems(done), session.alloc().buffer(), session.protocol())))
                        .send(published, publisher);
            }

            @Override
            public void onError(String redisError) {
                slot.onError(redisError);
            }
        };
    }

    private static List<RespValue> stripped(List<RespValue> results, List<UnaryOperator<RespValue>> owed) {
        List<RespValue> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            UnaryOperator<RespValue> strip = owed.get(i);
            out.add(strip == null ? results.get(i) : strip.apply(results.get(i)));
        }
        return out;
    }

    /** EXEC's elements, waiting for the replies of the PUBLISHes that take their places. */
    private static final class Publishing {

        private final List<RespValue> items;
        private final Consumer<List<RespValue>> done;
        private int remaining;

        Publishing(List<RespValue> items, int remaining, Consumer<List<RespValue>> done) {
            this.items = items;
            this.remaining = remaining;
            this.done = done;
        }

        void send(List<Publish> publishes, BiConsumer<RespCommand, ReplyCallback> publisher) {
            if (remaining == 0) {
                done.accept(items);
                return;
            }
            for (Publish publish : publishes) {
                publisher.accept(RespCommand.of(publish.args()), new ReplyCallback() {
                    @Override
                    public void onReply(ByteBuf frame) {
                        answered(publish.index(), RespValue.consume(frame));
                    }

                    @Override
                    public void onError(String redisError) {
                        answered(publish.index(), new RespValue.Error(redisError));
                    }
                });
            }
        }

        private void answered(int index, RespValue reply) {
            items.set(index, reply);
            if (--remaining == 0) {
                done.accept(items);
            }
        }
    }
}
