package io.rkproxy.redis;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Replies and commands in tests, written briefly. */
public final class RespValues {

    public static final RespValue OK = new RespValue.Simple("OK");

    private RespValues() {
    }

    public static RespValue bulk(String text) {
        return new RespValue.Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    public static RespValue integer(long value) {
        return new RespValue.Int(value);
    }

    public static RespValue error(String text) {
        return new RespValue.Error(text);
    }

    public static RespValue array(RespValue... items) {
        return new RespValue.Array(List.of(items));
    }

    /** {@code value} as a RESP2 reply frame, as a backend connection hands it on. */
    public static ByteBuf frame(RespValue value) {
        return RespValueEncoder.encode(value, Unpooled.buffer());
    }

    /** A command's arguments joined by spaces, e.g. {@code MGET a b}. */
    public static String text(RespCommand command) {
        return IntStream.range(0, command.argCount()).mapToObj(command::argString).collect(Collectors.joining(" "));
    }
}
