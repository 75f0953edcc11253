package io.rkproxy.redis;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** The start of a reply frame the proxy must recognise without decoding it (a BUSY refusal, a killed script). */
final class ReplyPrefix {

    private final byte[] bytes;

    ReplyPrefix(String text) {
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code frame} starts with it; the frame's indexes are left as they are. */
    boolean starts(ByteBuf frame) {
        if (frame.readableBytes() < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (frame.getByte(frame.readerIndex() + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
