package io.rkproxy.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.config.ZnodeAcl;
import io.rkproxy.core.reload.FleetMember;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A chart's series across the fleet: this node's and each other node's, asked of its console (the address it
 * announced in the fleet) with the caller's token, all at once and each within {@link #TIMEOUT}. Points are merged
 * by step: rates add up; a percentile is the largest of the nodes' (an upper bound, as percentiles do not add).
 *
 * <p>The token goes, in clear, to whatever address a registration znode names, so the other nodes are asked only when
 * this node's znodes are {@code creator}-only ({@code config.zookeeper.acl}): with {@code open} ones anyone who
 * reaches ZooKeeper could announce a console of their own and collect the token.
 */
final class FleetCharts {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final String NOT_MERGED = "this node's series only: the token is sent to the other nodes only when "
            + "config.zookeeper.acl is 'creator', since anyone may rewrite the console addresses 'open' znodes announce";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProxyAdmin admin;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    FleetCharts(ProxyAdmin admin) {
        this.admin = admin;
    }

    /** {@code own} merged with the same series of every other node; {@code kind} is {@code tenant} or {@code pool}. */
    ApiViews.FleetSeries merge(ApiViews.Series own, String kind, String name, Optional<String> authorization) {
        String self = admin.runtime().nodeId();
        List<FleetMember> peers = admin.nodes().stream().filter(peer -> !peer.id().equals(self)).toList();
        if (!peers.isEmpty() && admin.runtime().snapshot().config().sourceConfig().zkAcl() != ZnodeAcl.CREATOR) {
            return new ApiViews.FleetSeries(own.tenant(), own.pool(), own.stepSeconds(), List.of(self), List.of(),
                    NOT_MERGED, merged(List.of(own.points()), own.stepSeconds() * 1000));
        }
        Map<String, CompletableFuture<HttpResponse<String>>> asked = new LinkedHashMap<>();
        List<ApiViews.Missing> missing = new ArrayList<>();
        for (FleetMember peer : peers) {
            if (peer.console().isEmpty()) {
                missing.add(new ApiViews.Missing(peer.id(), "it announced no console"));
                continue;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + peer.console()
                    + "/api/series?" + kind + "=" + URLEncoder.encode(name, StandardCharsets.UTF_8))).timeout(TIMEOUT);
            authorization.ifPresent(value -> request.header("Authorization", value));
            asked.put(peer.id(), http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> nodes = new ArrayList<>(List.of(self));
        List<List<SeriesPoint>> series = new ArrayList<>(List.of(own.points()));
        asked.forEach((node, reply) -> {
            try {
                HttpResponse<String> response = reply.join();
                if (response.statusCode() != 200) {
                    missing.add(new ApiViews.Missing(node, "HTTP " + response.statusCode() + ": "
                            + response.body()));
                    return;
                }
                series.add(MAPPER.readValue(response.body(), ApiViews.Series.class).points());
                nodes.add(node);
            } catch (IOException | RuntimeException e) {
                missing.add(new ApiViews.Missing(node, String.valueOf(e.getCause() != null ? e.getCause() : e)));
            }
        });
        return new ApiViews.FleetSeries(own.tenant(), own.pool(), own.stepSeconds(), nodes, missing, null,
                merged(series, own.stepSeconds() * 1000));
    }

    /** Each node steps on its own clock: points are put in the step their end time falls in. */
    private static List<SeriesPoint> merged(List<List<SeriesPoint>> series, long stepMillis) {
        TreeMap<Long, SeriesPoint> byStep = new TreeMap<>();
        for (List<SeriesPoint> points : series) {
            for (SeriesPoint p : points) {
                long step = p.epochMillis() / stepMillis * stepMillis + stepMillis;
                byStep.merge(step, new SeriesPoint(step, p.opsPerSecond(), p.errorsPerSecond(), p.p50Micros(),
                        p.p99Micros(), p.bytesInPerSecond(), p.bytesOutPerSecond()), FleetCharts::sum);
            }
        }
        return List.copyOf(byStep.values());
    }

    private static SeriesPoint sum(SeriesPoint a, SeriesPoint b) {
        return new SeriesPoint(a.epochMillis(), a.opsPerSecond() + b.opsPerSecond(),
                a.errorsPerSecond() + b.errorsPerSecond(), max(a.p50Micros(), b.p50Micros()),
                max(a.p99Micros(), b.p99Micros()), a.bytesInPerSecond() + b.bytesInPerSecond(),
                a.bytesOutPerSecond() + b.bytesOutPerSecond());
    }

    private static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Math.max(a, b);
    }
}
