package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded reply, for the few places where the proxy must look inside one (INFO text, COMMAND metadata,
 * CONFIG GET). Replies are otherwise forwarded as bytes.
 *
 * <p>RESP3 is folded onto the RESP2 shapes, except maps, which stay {@link Dict}s so that a rewritten reply keeps
 * its shape: sets and pushes become {@link Array}s, doubles, booleans and big numbers become {@link Simple}s holding their text and
 * type byte, verbatim strings become
 * {@link Bulk}s without their format prefix, blob errors become {@link Error}s, and attributes are dropped.
 */
public sealed interface RespValue {

    Null NULL = new Null();

    /**
     * Decodes the first complete value in {@code frame}, such as a frame emitted by {@link RespReplyDecoder}.
     * Neither releases {@code frame} nor moves its indexes.
     *
     * @throws IllegalArgumentException if the frame does not start with a complete, well-formed value
     */
    static RespValue parse(ByteBuf frame) {
        return RespValueParser.parse(frame);
    }

    /** Decodes a frame and releases it: for a caller that owns the frame and needs only its value. */
    static RespValue consume(ByteBuf frame) {
        try {
            return RespValueParser.parse(frame);
        } finally {
            frame.release();
        }
    }

    /** The text of a {@link Simple} or, decoded as UTF-8, of a {@link Bulk}. */
    default String asText() {
        throw new IllegalStateException("not a string: " + this);
    }

    /** The value of an {@link Int}. */
    default long asLong() {
        throw new IllegalStateException("not an integer: " + this);
    }

    /** The elements of an {@link Array}, or a {@link Dict}'s keys and values in turn. */
    default List<RespValue> items() {
        throw new IllegalStateException("not an array: " + this);
    }

    /** An aggregate of the same kind as this one (array or map) holding {@code items}. */
    default RespValue withItems(List<RespValue> items) {
        throw new IllegalStateException("not an array: " + this);
    }

    /** An array of alternating names and values (a RESP3 map, as RESP2 sends it) by name. */
    default Map<String, RespValue> fields() {
        List<RespValue> flat = items();
        Map<String, RespValue> out = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(flat.get(i).asText(), flat.get(i + 1));
        }
        return out;
    }

    /**
     * A line: a simple string ({@code +}), or a RESP3 double ({@code ,}), boolean ({@code #}) or big number
     * ({@code (}), which keep their type byte so that a rewritten reply says them as the backend did.
     */
    record Simple(String text, char type) implements RespValue {
        public Simple(String text) {
            this(text, '+');
        }

        @Override
        public String asText() {
            return text;
        }
    }

    record Error(String text) implements RespValue {
    }

    record Int(long value) implements RespValue {
        @Override
        public long asLong() {
            return value;
        }
    }

    /** A bulk string; {@code bytes} is not copied and must not be modified. */
    record Bulk(byte[] bytes) implements RespValue {
        public String asString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String asText() {
            return asString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bulk other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Bulk[" + asString() + "]";
        }
    }

    /** A null bulk, null array or RESP3 null; use {@link RespValue#NULL}. */
    record Null() implements RespValue {
    }

    record Array(List<RespValue> items) implements RespValue {
        public Array {
            items = List.copyOf(items);
        }

        @Override
        public RespValue withItems(List<RespValue> next) {
            return new Array(next);
        }
    }

    /** A RESP3 map, as its keys and values in turn; a RESP2 client gets it as that flat array. */
    record Dict(List<RespValue> items) implements RespValue {
        public Dict {
            items = List.copyOf(items);
        }

        @Override
        public RespValue withItems(List<RespValue> next) {
            return new Dict(next);
        }
    }
}
