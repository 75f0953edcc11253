package io.rkproxy.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The console page and its assets, read once from the jar: the page needs nothing from anywhere else. The charts
 * are drawn with uPlot (MIT, in {@code console/uplot/} with its LICENSE).
 */
final class StaticFiles {

    private static final String DIR = "console/";
    /** Only this server's own scripts, styles and API calls; the page may not be framed. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private StaticFiles() {
    }

    /** Adds every file to {@code router} as an open path. */
    static void addTo(Router router) {
        Reply page = file("index.html", "text/html; charset=utf-8").withHeader("Content-Security-Policy", POLICY);
        router.open("/", () -> page);
        for (Map.Entry<String, String> asset : Map.of("console.css", "text/css; charset=utf-8",
                "console.js", "text/javascript; charset=utf-8",
                "uplot/uPlot.iife.min.js", "text/javascript; charset=utf-8",
                "uplot/uPlot.min.css", "text/css; charset=utf-8",
                "uplot/LICENSE", Reply.TEXT).entrySet()) {
            Reply reply = file(asset.getKey(), asset.getValue());
            router.open("/" + asset.getKey(), () -> reply);
        }
    }

    private static Reply file(String name, String contentType) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + DIR + name);
            }
            return Reply.of(HttpResponseStatus.OK, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
