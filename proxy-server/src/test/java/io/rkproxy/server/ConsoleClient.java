package io.rkproxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Plain HTTP calls to a node's admin console, for tests. A request that is not a GET carries
 * {@code X-Rkproxy-Console: 1}, as the page sends it, unless made with {@link #crossSite}.
 */
final class ConsoleClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;
    private final Optional<String> token;

    ConsoleClient(int port) {
        this(port, Optional.empty());
    }

    ConsoleClient(int port, Optional<String> token) {
        this.port = port;
        this.token = token;
    }

    ConsoleClient withToken(String token) {
        return new ConsoleClient(port, Optional.of(token));
    }

    HttpResponse<String> get(String path) {
        return send("GET", path);
    }

    HttpResponse<String> post(String path) {
        return send("POST", path);
    }

    HttpResponse<String> send(String method, String path) {
        return send(method, path, null);
    }

    /** {@code method} with a JSON body, or none for null, and the header the page sends. */
    HttpResponse<String> send(String method, String path, String json) {
        return send(method, path, json, Map.of("X-Rkproxy-Console", "1"));
    }

    /** A request as another site's page could make it: without the console's header. */
    HttpResponse<String> crossSite(String method, String path, String json) {
        return send(method, path, json, Map.of());
    }

    /** A change made by an operator who names themselves. */
    HttpResponse<String> sendAs(String operator, String method, String path, String json) {
        return send(method, path, json, Map.of("X-Rkproxy-Console", "1", "X-Rkproxy-Operator", operator));
    }

    private HttpResponse<String> send(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (!method.equals("GET")) {
            headers.forEach(request::header);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET that must answer 200 with JSON. */
    JsonNode json(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
