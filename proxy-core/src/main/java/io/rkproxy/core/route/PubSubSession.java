package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.PushListener;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.SubscriberLink;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A session in subscribed mode. Commands go to the session's own subscriber connection with every channel in the
 * tenant's namespace; frames come back with the namespace taken off. A (un)subscribe command with n channels is
 * answered by n frames: they fill the command's reply slot, so they keep their place among the session's replies.
 * Messages are pushed as they come, as Redis does. Used only from the session's event loop.
 */
final class PubSubSession implements PushListener {

    private record Expected(ReplyCallback slot, ByteBuf frames, int[] remaining) {
    }

    private final ClientInfo client;
    private final Supplier<ReplyCallback> slots;
    private final Consumer<ByteBuf> pushes;
    private final Consumer<String> ended;
    private final NamePrefix names;
    private final SubscriberLink link;
    private final ArrayDeque<Expected> expected = new ArrayDeque<>();
    private final Set<String> channels = new HashSet<>();
    private final Set<String> patterns = new HashSet<>();
    private final Set<String> shardChannels = new HashSet<>();
    private boolean closed;

    /**
     * @param slots  reserves the reply slot of each command sent
     * @param pushes writes a pushed message to the client
     * @param ended  told when subscribed mode ends, with the error when the backend dropped it (else null)
     */
    PubSubSession(ClientInfo client, Supplier<ReplyCallback> slots, Consumer<ByteBuf> pushes, Consumer<String> ended,
                  NamePrefix names, Function<PushListener, SubscriberLink> open) {
        this.client = client;
        this.slots = slots;
        this.pushes = pushes;
        this.ended = ended;
        this.names = names;
        this.link = open.apply(this);
    }

    /** Whether the session is still in subscribed mode. */
    boolean active() {
        return !closed && (!expected.isEmpty() || !channels.isEmpty() || !patterns.isEmpty()
                || !shardChannels.isEmpty());
    }

    /** Every subscription is gone and only their confirmations are still to come: the mode is about to end. */
    boolean leaving() {
        return !closed && channels.isEmpty() && patterns.isEmpty() && shardChannels.isEmpty();
    }

    /**
     * Sends a subscribed-mode command: a (un)subscribe of any kind, or PING. The subscriptions are updated as the
     * command goes out, so that the frames a pipelined bare UNSUBSCRIBE will bring are counted right.
     */
    void send(RespCommand command) {
        String name = command.name();
        boolean pattern = name.equals("psubscribe") || name.equals("punsubscribe");
        boolean shard = name.equals("ssubscribe") || name.equals("sunsubscribe");
        Set<String> kind = pattern ? patterns : shard ? shardChannels : channels;
        List<byte[]> args = new ArrayList<>();
        args.add(command.argBytes(0));
        int frames;
        if (name.equals("ping")) {
            frames = 1;
            for (int i = 1; i < command.argCount(); i++) {
                args.add(command.argBytes(i));
            }
        } else {
            boolean subscribing = !name.contains("unsubscribe");
            if (!subscribing && command.argCount() == 1) {
                frames = Math.max(1, kind.size());
                kind.clear();
            } else {
                frames = command.argCount() - 1;
            }
            for (int i = 1; i < command.argCount(); i++) {
                byte[] arg = command.argBytes(i);
                String own = new String(arg, StandardCharsets.UTF_8);
                if (subscribing) {
                    kind.add(own);
                } else {
                    kind.remove(own);
                }
                args.add(pattern ? names.addToPattern(arg) : names.add(arg));
            }
        }
        expected.add(new Expected(slots.get(), client.alloc().buffer(), new int[] {frames}));
        link.send(RespCommand.of(args.toArray(byte[][]::new)));
    }

    @Override
    public void onPush(ByteBuf frame) {
        // The frame without the namespace is no larger: sized so, a large message's buffer is not doubled as it grows.
        int size = frame.readableBytes();
        RespValue value = RespValue.consume(frame);
        if (!(value instanceof RespValue.Array array) || array.items().isEmpty()) {
            answer(RespValueEncoder.encode(value, client.alloc().buffer(size), client.protocol()));
            return;
        }
        List<RespValue> items = array.items();
        String kind = items.get(0).asText().toLowerCase(Locale.ROOT);
        List<RespValue> rewritten = new ArrayList<>(items);
        switch (kind) {
            case "message", "smessage" -> {
                if (!strip(rewritten, 1, false)) {
                    return;
                }
                pushes.accept(encode(rewritten, size));
                return;
            }
            case "pmessage" -> {
                if (!strip(rewritten, 1, true) || !strip(rewritten, 2, false)) {
                    return;
                }
                pushes.accept(encode(rewritten, size));
                return;
            }
            case "subscribe", "unsubscribe", "ssubscribe", "sunsubscribe" -> strip(rewritten, 1, false);
            case "psubscribe", "punsubscribe" -> strip(rewritten, 1, true);
            default -> {
                // pong, or an error: answers the oldest command like a confirmation
            }
        }
        answer(encode(rewritten, size));
    }

    private void answer(ByteBuf encoded) {
        Expected head = expected.peek();
        if (head == null) {
            pushes.accept(encoded);
            return;
        }
        head.frames().writeBytes(encoded);
        encoded.release();
        if (--head.remaining()[0] == 0) {
            expected.poll();
            if (!active()) {
                // Leave subscribed mode before the reply goes out: what waits behind it runs outside the mode.
                close();
            }
            head.slot().onReply(head.frames());
        }
    }

    /** Replaces item {@code i} with the tenant's name for it; false when it is not the tenant's. */
    private boolean strip(List<RespValue> items, int i, boolean pattern) {
        if (i >= items.size() || !(items.get(i) instanceof RespValue.Bulk bulk)) {
            return true;
        }
        byte[] own = pattern ? names.stripFromPattern(bulk.bytes()) : names.strip(bulk.bytes());
        if (own == null) {
            return false;
        }
        items.set(i, new RespValue.Bulk(own));
        return true;
    }

    private ByteBuf encode(List<RespValue> items, int size) {
        return RespValueEncoder.encodePush(new RespValue.Array(items), client.alloc().buffer(size),
                client.protocol());
    }

    @Override
    public void onClosed(String redisError) {
        if (closed) {
            return;
        }
        closed = true;
        Expected e;
        while ((e = expected.poll()) != null) {
            e.frames().release();
            e.slot().onError(redisError);
        }
        channels.clear();
        patterns.clear();
        shardChannels.clear();
        ended.accept(redisError);
    }

    /** Leaves subscribed mode: the subscriber connection is closed. */
    void close() {
        if (!closed) {
            closed = true;
            link.close();
            Expected e;
            while ((e = expected.poll()) != null) {
                e.frames().release();
                e.slot().onError("ERR the session left subscribed mode");
            }
            ended.accept(null);
        }
    }
}
