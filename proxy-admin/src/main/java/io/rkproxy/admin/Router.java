package io.rkproxy.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Maps a request's method and path to what answers it. Open paths (the page, its assets and the health probe, which
 * hold no data) answer anyone; every other path, unknown ones included, first needs the {@link BearerAuth} token, so that a
 * caller without it learns nothing, not even which paths exist.
 */
final class Router {

    /** A path's handlers by method, each given the request's query parameters. */
    private record Path(boolean open, Map<HttpMethod, Function<Map<String, List<String>>, Reply>> byMethod) {
    }

    private final BearerAuth auth;
    private final Map<String, Path> paths = new HashMap<>();

    Router(BearerAuth auth) {
        this.auth = auth;
    }

    /** A GET path anyone may read. */
    Router open(String path, Supplier<Reply> handler) {
        return add(true, HttpMethod.GET, path, query -> handler.get());
    }

    /** A path that needs the token. */
    Router secured(HttpMethod method, String path, Supplier<Reply> handler) {
        return add(false, method, path, query -> handler.get());
    }

    /** A path that needs the token and is answered from the request's query parameters. */
    Router securedWithQuery(HttpMethod method, String path, Function<Map<String, List<String>>, Reply> handler) {
        return add(false, method, path, handler);
    }

    private Router add(boolean open, HttpMethod method, String path,
                       Function<Map<String, List<String>>, Reply> handler) {
        Path entry = paths.computeIfAbsent(path, p -> new Path(open, new LinkedHashMap<>()));
        if (entry.open() != open || entry.byMethod().putIfAbsent(method, handler) != null) {
            throw new IllegalArgumentException("conflicting route: " + method + " " + path);
        }
        return this;
    }

    /** Answers one request, with its query parameters; may block, so it runs off the event loop. */
    Reply dispatch(HttpMethod method, String path, Map<String, List<String>> query, String authorization) {
        Path entry = paths.get(path);
        if ((entry == null || !entry.open()) && !auth.permits(authorization)) {
            return Reply.error(HttpResponseStatus.UNAUTHORIZED, "a valid 'Authorization: Bearer <token>' is required")
                    .withHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"rkproxy\"");
        }
        if (entry == null) {
            return Reply.error(HttpResponseStatus.NOT_FOUND, "no such path: " + path);
        }
        Function<Map<String, List<String>>, Reply> handler = entry.byMethod().get(method);
        if (handler == null) {
            return Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed on " + path)
                    .withHeader(HttpHeaderNames.ALLOW,
                            entry.byMethod().keySet().stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
        }
        return handler.apply(query);
    }
}
