package io.rkproxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP reply, built off the event loop and turned into a Netty response when written. */
record Reply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply of(HttpResponseStatus status, String contentType, byte[] body) {
        return new Reply(status, contentType, body, Map.of());
    }

    static Reply text(HttpResponseStatus status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static Reply json(HttpResponseStatus status, Object value) {
        try {
            return of(status, JSON, MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply json(Object value) {
        return json(HttpResponseStatus.OK, value);
    }

    /** {@code {"error": "..."}}. */
    static Reply error(HttpResponseStatus status, String message) {
        return json(status, Map.of("error", message));
    }

    Reply withHeader(CharSequence name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name.toString(), value);
        return new Reply(status, contentType, body, more);
    }

    FullHttpResponse toResponse(HttpVersion version) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        headers.forEach(h::set);
        return response;
    }
}
