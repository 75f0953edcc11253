package io.rkproxy.admin;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.reload.ConfigLoadStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The data paths: the JSON API behind the page and {@code /metrics}, which need the token, and {@code /health}, which
 * load balancers and orchestrators probe without headers and which tells nothing but serving or draining.
 */
final class ApiRoutes {

    /** The trigger a reload from the console is logged and shown with. */
    private static final String RELOAD_TRIGGER = "console";
    /** The console is no client session, so PROXY KILL spares none. */
    private static final long NO_SESSION = -1;

    private ApiRoutes() {
    }

    static void addTo(Router router, ProxyAdmin admin, ChartRecorder charts) {
        ApiViews views = new ApiViews(admin);
        FleetCharts fleet = new FleetCharts(admin);
        ProxyMetrics metrics = new ProxyMetrics(admin);
        router.secured(HttpMethod.GET, "/api/nodes", () -> Reply.json(views.nodes()))
                .secured(HttpMethod.GET, "/api/pools", () -> Reply.json(views.pools()))
                .secured(HttpMethod.GET, "/api/tenants", () -> Reply.json(views.tenants()))
                .secured(HttpMethod.GET, "/api/stats", () -> Reply.json(views.stats()))
                .secured(HttpMethod.GET, "/api/slowlog", () -> Reply.json(views.slowlog()))
                .secured(HttpMethod.GET, "/api/hotkeys", () -> Reply.json(views.hotKeys()))
                .secured(HttpMethod.GET, "/api/config", () -> Reply.json(views.config()))
                .securedRequest(HttpMethod.GET, "/api/series", request -> series(charts, fleet, request))
                .secured(HttpMethod.POST, "/api/reload", () -> reload(admin))
                .securedWithQuery(HttpMethod.POST, "/api/kill", query -> kill(admin, query))
                .secured(HttpMethod.GET, "/metrics",
                        () -> Reply.text(HttpResponseStatus.OK, PrometheusWriter.CONTENT_TYPE, metrics.scrape()))
                .open("/health", () -> admin.serving()
                        ? Reply.text(HttpResponseStatus.OK, Reply.TEXT, "ok\n")
                        : Reply.text(HttpResponseStatus.SERVICE_UNAVAILABLE, Reply.TEXT, "draining\n"));
    }

    /** What {@code POST /api/kill} did: how many of the tenant's sessions on this node it closed. */
    record Killed(String tenant, boolean stale, int sessions) {
    }

    /**
     * {@code POST /api/kill?tenant=<name>[&stale=true]}, PROXY KILL TENANT on this node: 200 with how many sessions
     * were closed, 400 without a tenant or with a stale that is not true or false, 404 for an unknown tenant.
     */
    private static Reply kill(ProxyAdmin admin, Map<String, List<String>> query) {
        List<String> tenant = query.getOrDefault("tenant", List.of());
        List<String> stale = query.getOrDefault("stale", List.of("false"));
        if (tenant.size() != 1 || stale.size() != 1 || !stale.get(0).matches("true|false")) {
            return Reply.error(HttpResponseStatus.BAD_REQUEST, "expected ?tenant=<name>, and &stale=true to close "
                    + "only the sessions whose password or certificate no longer admits them");
        }
        boolean onlyStale = Boolean.parseBoolean(stale.get(0));
        OptionalInt killed = admin.killSessions(tenant.get(0), onlyStale, NO_SESSION);
        if (killed.isEmpty()) {
            return Reply.error(HttpResponseStatus.NOT_FOUND, "no tenant named '" + tenant.get(0) + "'");
        }
        return Reply.json(new Killed(tenant.get(0), onlyStale, killed.getAsInt()));
    }

    /**
     * {@code GET /api/series?tenant=<t>} or {@code ?pool=<p>}, with {@code &fleet=true} merged across the fleet:
     * 400 without exactly one, 404 for one not in force on this node.
     */
    private static Reply series(ChartRecorder charts, FleetCharts fleet, Request request) {
        Optional<String> tenant = request.param("tenant");
        Optional<String> pool = request.param("pool");
        String across = request.param("fleet").orElse("false");
        if (tenant.isPresent() == pool.isPresent() || !across.matches("true|false")) {
            return Reply.error(HttpResponseStatus.BAD_REQUEST,
                    "expected ?tenant=<name> or ?pool=<name>, and optionally &fleet=true");
        }
        Optional<ApiViews.Series> series = tenant.isPresent()
                ? charts.tenant(tenant.get()).map(points -> ApiViews.tenantSeries(tenant.get(), points))
                : charts.pool(pool.get()).map(points -> ApiViews.poolSeries(pool.get(), points));
        if (series.isPresent() && across.equals("true")) {
            return Reply.json(fleet.merge(series.get(), tenant.isPresent() ? "tenant" : "pool",
                    tenant.orElseGet(pool::get), request.header(Request.AUTHORIZATION)));
        }
        return series.map(Reply::json).orElseGet(() -> Reply.error(HttpResponseStatus.NOT_FOUND,
                "no series for " + tenant.map(t -> "tenant '" + t + "'").orElseGet(() -> "pool '" + pool.get() + "'")
                        + " on this node: not in force at its last step (every " + ChartRecorder.STEP.toSeconds()
                        + " s)"));
    }

    /** 200 with the load when it was accepted, 422 when it was rejected and the old config still serves. */
    private static Reply reload(ProxyAdmin admin) {
        ConfigLoadStatus status = admin.reload(RELOAD_TRIGGER);
        return Reply.json(status.accepted() ? HttpResponseStatus.OK : HttpResponseStatus.UNPROCESSABLE_ENTITY,
                ApiViews.load(status));
    }
}
