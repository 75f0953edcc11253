package io.rkproxy.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One console request as the routes see it.
 *
 * @param headers the headers the routes read, by lower-case name: {@code authorization},
 *                {@code x-rkproxy-console}, {@code x-rkproxy-operator}, {@code host}, {@code origin}
 * @param body    the request body as UTF-8 text, {@code ""} without one
 * @param client  the caller's address, for the audit log
 */
record Request(HttpMethod method, String path, Map<String, List<String>> query, Map<String, String> headers,
               String body, String client) {

    static final String AUTHORIZATION = "authorization";
    static final String CONSOLE = "x-rkproxy-console";
    static final String OPERATOR = "x-rkproxy-operator";
    static final String HOST = "host";
    static final String ORIGIN = "origin";

    Request {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    static Request of(HttpMethod method, String path, Map<String, List<String>> query, String authorization) {
        return new Request(method, path, query, authorization == null ? Map.of()
                : Map.of(AUTHORIZATION, authorization), "", "");
    }

    Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    /** The single value of query parameter {@code name}, if it was given exactly once. */
    Optional<String> param(String name) {
        List<String> values = query.getOrDefault(name, List.of());
        return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
    }
}
