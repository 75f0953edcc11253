package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.config.Address;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A cluster node's answer that the command belongs elsewhere or later: {@code -MOVED <slot> <host:port>} (the slot
 * has a new owner), {@code -ASK <slot> <host:port>} (this one key is being migrated: ask the target once, after
 * ASKING) and {@code -TRYAGAIN} (a multi-key command met a slot in mid-migration).
 */
record Redirect(Kind kind, int slot, Address target) {

    enum Kind { MOVED, ASK, TRYAGAIN }

    /**
     * The redirection a reply frame carries, or empty for any other reply. {@code from} is the node that replied:
     * Redis leaves the host out ({@code :7001}) when the target has no announced address of its own.
     */
    static Optional<Redirect> of(ByteBuf frame, Address from) {
        int start = frame.readerIndex();
        if (frame.readableBytes() < 4 || frame.getByte(start) != '-') {
            return Optional.empty();
        }
        byte first = frame.getByte(start + 1);
        if (first != 'M' && first != 'A' && first != 'T') {
            return Optional.empty();
        }
        String line = frame.toString(start + 1, frame.readableBytes() - 3, StandardCharsets.US_ASCII);
        if (line.startsWith("TRYAGAIN")) {
            return Optional.of(new Redirect(Kind.TRYAGAIN, -1, null));
        }
        Kind kind = line.startsWith("MOVED ") ? Kind.MOVED : line.startsWith("ASK ") ? Kind.ASK : null;
        if (kind == null) {
            return Optional.empty();
        }
        String[] parts = line.split(" ");
        if (parts.length != 3) {
            return Optional.empty();
        }
        // Redis writes IPv6 hosts without brackets ("::1:7001"): the port is after the last colon.
        int colon = parts[2].lastIndexOf(':');
        String host = colon <= 0 ? from.host() : parts[2].substring(0, colon);
        try {
            int slot = Integer.parseInt(parts[1]);
            int port = Integer.parseInt(parts[2].substring(colon + 1));
            return Optional.of(new Redirect(kind, slot, new Address(host, port)));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
