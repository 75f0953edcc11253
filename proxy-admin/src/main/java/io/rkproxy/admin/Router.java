package io.rkproxy.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Maps a request's method and path to what answers it. Open paths (the page, its assets and the health probe, which
 * hold no data) answer anyone; every other path, unknown ones included, first needs the {@link BearerAuth} token, so that a
 * caller without it learns nothing, not even which paths exist.
 *
 * <p>Every request that is not a GET must also carry the header {@code X-Rkproxy-Console}, or it gets 403: a page of
 * another origin cannot send a custom header without a CORS preflight, which this server never grants, so a browser
 * holding a token (or a console on loopback without one) cannot be made to change anything by another site. Such a
 * request whose {@code Origin} is not its {@code Host} is refused too.
 *
 * <p>Without a token (a loopback console) a request whose {@code Host} is not {@code localhost} or a loopback address
 * gets 403 whatever its path: a page whose own name an attacker points at 127.0.0.1 (DNS rebinding) is same-origin
 * with the console, sends its custom header freely, but names its own host. A request without {@code Host} comes
 * from no browser and is let in.
 */
final class Router {

    /** A path's handlers by method. */
    private record Path(boolean open, Map<HttpMethod, Function<Request, Reply>> byMethod) {
    }

    /** The header every state-changing request carries, as the page sends it. */
    static final String CONSOLE_HEADER = "X-Rkproxy-Console";

    private final BearerAuth auth;
    private final Map<String, Path> paths = new HashMap<>();

    Router(BearerAuth auth) {
        this.auth = auth;
    }

    /** A GET path anyone may read. */
    Router open(String path, Supplier<Reply> handler) {
        return add(true, HttpMethod.GET, path, request -> handler.get());
    }

    /** A path that needs the token. */
    Router secured(HttpMethod method, String path, Supplier<Reply> handler) {
        return add(false, method, path, request -> handler.get());
    }

    /** A path that needs the token and is answered from the request's query parameters. */
    Router securedWithQuery(HttpMethod method, String path, Function<Map<String, List<String>>, Reply> handler) {
        return add(false, method, path, request -> handler.apply(request.query()));
    }

    /** A path that needs the token and is answered from the whole request. */
    Router securedRequest(HttpMethod method, String path, Function<Request, Reply> handler) {
        return add(false, method, path, handler);
    }

    private Router add(boolean open, HttpMethod method, String path, Function<Request, Reply> handler) {
        Path entry = paths.computeIfAbsent(path, p -> new Path(open, new LinkedHashMap<>()));
        if (entry.open() != open || entry.byMethod().putIfAbsent(method, handler) != null) {
            throw new IllegalArgumentException("conflicting route: " + method + " " + path);
        }
        return this;
    }

    /** Answers one request; may block, so it runs off the event loop. */
    Reply dispatch(HttpMethod method, String path, Map<String, List<String>> query, String authorization) {
        return dispatch(Request.of(method, path, query, authorization));
    }

    Reply dispatch(Request request) {
        String path = request.path();
        HttpMethod method = request.method();
        Optional<String> host = request.header(Request.HOST);
        if (!auth.required() && host.isPresent() && !HostHeader.namesLoopback(host.get())) {
            return Reply.error(HttpResponseStatus.FORBIDDEN, "Host '" + host.get() + "' is not this console: "
                    + "without admin.token it answers only localhost or a loopback address (against DNS rebinding)");
        }
        Path entry = paths.get(path);
        if ((entry == null || !entry.open())
                && !auth.permits(request.header(Request.AUTHORIZATION).orElse(null))) {
            return Reply.error(HttpResponseStatus.UNAUTHORIZED, "a valid 'Authorization: Bearer <token>' is required")
                    .withHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"rkproxy\"");
        }
        if (entry == null) {
            return Reply.error(HttpResponseStatus.NOT_FOUND, "no such path: " + path);
        }
        Function<Request, Reply> handler = entry.byMethod().get(method);
        if (handler == null) {
            return Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed on " + path)
                    .withHeader(HttpHeaderNames.ALLOW,
                            entry.byMethod().keySet().stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
        }
        if (!HttpMethod.GET.equals(method)) {
            if (request.header(Request.CONSOLE).isEmpty()) {
                return Reply.error(HttpResponseStatus.FORBIDDEN, "a " + method + " needs the header '"
                        + CONSOLE_HEADER + ": 1' (the console's guard against cross-site requests)");
            }
            Optional<String> origin = request.header(Request.ORIGIN);
            if (origin.isPresent() && !HostHeader.originMatches(origin.get(), host.orElse(null))) {
                return Reply.error(HttpResponseStatus.FORBIDDEN, "a " + method + " from Origin '" + origin.get()
                        + "' is refused: it is not this console's page (cross-site request)");
            }
        }
        return handler.apply(request);
    }
}
