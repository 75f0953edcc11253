package io.rkproxy.admin;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.reload.ConfigLoadStatus;

/**
 * The data paths: the JSON API behind the page and {@code /metrics}, which need the token, and {@code /health}, which
 * load balancers and orchestrators probe without headers and which tells nothing but serving or draining.
 */
final class ApiRoutes {

    /** The trigger a reload from the console is logged and shown with. */
    private static final String RELOAD_TRIGGER = "console";

    private ApiRoutes() {
    }

    static void addTo(Router router, ProxyAdmin admin) {
        ApiViews views = new ApiViews(admin);
        ProxyMetrics metrics = new ProxyMetrics(admin);
        router.secured(HttpMethod.GET, "/api/nodes", () -> Reply.json(views.nodes()))
                .secured(HttpMethod.GET, "/api/pools", () -> Reply.json(views.pools()))
                .secured(HttpMethod.GET, "/api/tenants", () -> Reply.json(views.tenants()))
                .secured(HttpMethod.GET, "/api/stats", () -> Reply.json(views.stats()))
                .secured(HttpMethod.GET, "/api/slowlog", () -> Reply.json(views.slowlog()))
                .secured(HttpMethod.GET, "/api/config", () -> Reply.json(views.config()))
                .secured(HttpMethod.POST, "/api/reload", () -> reload(admin))
                .secured(HttpMethod.GET, "/metrics",
                        () -> Reply.text(HttpResponseStatus.OK, PrometheusWriter.CONTENT_TYPE, metrics.scrape()))
                .open("/health", () -> admin.serving()
                        ? Reply.text(HttpResponseStatus.OK, Reply.TEXT, "ok\n")
                        : Reply.text(HttpResponseStatus.SERVICE_UNAVAILABLE, Reply.TEXT, "draining\n"));
    }

    /** 200 with the load when it was accepted, 422 when it was rejected and the old config still serves. */
    private static Reply reload(ProxyAdmin admin) {
        ConfigLoadStatus status = admin.reload(RELOAD_TRIGGER);
        return Reply.json(status.accepted() ? HttpResponseStatus.OK : HttpResponseStatus.UNPROCESSABLE_ENTITY,
                ApiViews.load(status));
    }
}
