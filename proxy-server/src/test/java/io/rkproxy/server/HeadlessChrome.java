package io.rkproxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rkproxy.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium driven through chromedriver with the W3C WebDriver protocol: just what the console tests need.
 * {@link #close()} ends the browser session and chromedriver.
 */
final class HeadlessChrome implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process driver;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String session;

    private HeadlessChrome(Process driver, int port) {
        this.driver = driver;
        this.base = "http://127.0.0.1:" + port;
    }

    static HeadlessChrome start() {
        int port = FreePorts.next();
        Process driver;
        try {
            driver = new ProcessBuilder(CHROMEDRIVER, "--port=" + port)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HeadlessChrome chrome = new HeadlessChrome(driver, port);
        try {
            Eventually.until(chrome::ready, "chromedriver answers on port " + port);
            chrome.session = chrome.call("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                    "browserName", "chrome",
                    "goog:chromeOptions", Map.of("binary", CHROMIUM, "args", List.of("--headless=new",
                            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")))))).get("sessionId").asText();
            return chrome;
        } catch (RuntimeException | AssertionError e) {
            chrome.close();
            throw e;
        }
    }

    private boolean ready() {
        try {
            return call("GET", "/status", null).get("ready").asBoolean();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    void open(String url) {
        call("POST", path("/url"), Map.of("url", url));
    }

    /** The text content of the first element {@code css} selects, or null when there is none (yet). */
    String text(String css) {
        JsonNode value = script("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                css);
        return value.isNull() ? null : value.asText();
    }

    /** Runs {@code js} as a function body in the page; returns its result as JSON. */
    JsonNode script(String js, Object... args) {
        return call("POST", path("/execute/sync"), Map.of("script", js, "args", List.of(args)));
    }

    /** Clicks the element {@code css} selects, as a user would. */
    void click(String css) {
        call("POST", path("/element/" + element(css) + "/click"), Map.of());
    }

    /** Types {@code text} into the element {@code css} selects. */
    void type(String css, String text) {
        call("POST", path("/element/" + element(css) + "/value"), Map.of("text", text));
    }

    private String element(String css) {
        JsonNode reference = call("POST", path("/element"), Map.of("using", "css selector", "value", css));
        return reference.elements().next().asText();
    }

    private String path(String command) {
        return "/session/" + session + command;
    }

    /** One WebDriver command; returns its {@code value}, or throws with the driver's error. */
    private JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode value = MAPPER.readTree(response.body()).get("value");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + path + ": " + value);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } finally {
            driver.descendants().forEach(ProcessHandle::destroy);
            driver.destroy();
            try {
                if (!driver.waitFor(5, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                driver.destroyForcibly();
            }
        }
    }
}
