package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's tenant management against a file source with comments, through the HTTP API. */
class ConsoleTenantsTest {

    private static final List<String> COMMENTS = List.of("# the team's shared cache: ask #ops before changing",
            "  # alice owns db 1", "  # bob reads alice's data, so never give him writes", "# end of file");

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 1, read-only: true}",
            "dora: {password: dora-secret, pool: cache, db: 4}",
            "frank: {passwords: [frank-new, frank-old], pool: cache, db: 5}",
            "gina: {passwords: [gina-new, gina-old], pool: cache, db: 6}")
            .withConfig(yaml -> COMMENTS.get(0) + "\n" + yaml
                    .replace("  alice:", COMMENTS.get(1) + "\n  alice:")
                    .replace("  bob:", "\n" + COMMENTS.get(2) + "\n  bob:") + COMMENTS.get(3) + "\n")
            .withAdmin("{bind: 127.0.0.1, port: 0}");

    private static ConsoleClient console() {
        return new ConsoleClient(proxy.adminPort());
    }

    private static String file() {
        try {
            return Files.readString(proxy.configFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String audit() throws IOException {
        Path log = proxy.configFile().resolveSibling("rkproxy.audit.jsonl");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String auth(String... args) {
        try (RespSocket c = new RespSocket(proxy.port())) {
            String[] command = new String[args.length + 1];
            command[0] = "AUTH";
            System.arraycopy(args, 0, command, 1, args.length);
            return c.call(command);
        }
    }

    private static JsonNode lastLoad() {
        return console().json("/api/config").get("lastLoad");
    }

    @Test
    void aTenantCreatedInTheConsoleCanAuthAndTheFileKeepsEveryComment() {
        HttpResponse<String> created = console().send("PUT", "/api/tenant?name=carol",
                "{\"pool\": \"cache\", \"db\": 3, \"max-ops-per-second\": 500, \"commands\": {\"deny\": [\"@dangerous\"]}}");

        assertEquals(200, created.statusCode(), created.body());
        JsonNode reply = ConsoleClient.parse(created.body());
        assertEquals("create-tenant", reply.get("action").asText());
        assertTrue(reply.get("load").get("accepted").asBoolean());
        String password = reply.get("password").asText();
        assertTrue(password.length() >= 32, "a long random password: " + password);
        assertEquals("+OK", auth(password));
        try (RespSocket carol = proxy.login(password)) {
            assertTrue(carol.call("FLUSHALL").startsWith("-NOPERM"), "its command rules are in force");
        }
        String text = file();
        COMMENTS.forEach(comment -> assertTrue(text.contains(comment + "\n"), "kept: " + comment + "\n" + text));
        assertTrue(text.contains("  carol:\n    password-sha256: " + Sha256.hex(password) + "\n    pool: cache\n"
                + "    db: 3\n"), "carol's block, with the password's hash only: " + text);
        assertFalse(text.contains(password), "the file holds the password's hash only");

        JsonNode entry = console().json("/api/tenant?name=carol");
        assertEquals(1, entry.get("passwords").asInt());
        assertEquals(500, entry.get("entry").get("max-ops-per-second").asInt());
        assertNull(entry.get("entry").get("password-sha256"), "no hash reaches the page");
    }

    @Test
    void anInvalidChangeIsRefusedWithTheValidatorsMessageAndChangesNothing() throws IOException {
        String before = file();
        String auditBefore = audit();
        long generation = lastLoad().get("generation").asLong();

        HttpResponse<String> refused = console().send("PUT", "/api/tenant?name=alice",
                "{\"pool\": \"cache\", \"db\": 99}");

        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode body = ConsoleClient.parse(refused.body());
        assertTrue(body.get("problems").toString().contains("99"), "the validator's message: " + refused.body());
        assertTrue(body.get("error").asText().startsWith("refused, nothing changed: "), refused.body());
        assertEquals(before, file());
        assertEquals(auditBefore, audit(), "nothing audited");
        JsonNode load = lastLoad();
        assertTrue(load.get("generation").asLong() == generation || "watch".equals(load.get("trigger").asText()),
                "nothing loaded but the file watch's reload of an earlier test's write: " + load);
        assertEquals("+OK", auth("alice-secret"));
        assertEquals(400, console().send("PUT", "/api/tenant?name=alice", "{\"password\": \"x\"}").statusCode(),
                "passwords are not set through the form");
        assertEquals(404, console().send("DELETE", "/api/tenant?name=nobody", null).statusCode());
    }

    @Test
    void aChangeWithoutTheConsolesHeaderIs403AndChangesNothing() {
        String before = file();
        for (String[] request : new String[][] {{"PUT", "/api/tenant?name=alice", "{\"pool\": \"cache\"}"},
                {"DELETE", "/api/tenant?name=alice", null}, {"POST", "/api/tenant/password?name=alice&action=add", null},
                {"POST", "/api/reload", null}}) {
            HttpResponse<String> refused = console().crossSite(request[0], request[1], request[2]);
            assertEquals(403, refused.statusCode(), request[0] + " " + request[1] + ": " + refused.body());
            assertTrue(refused.body().contains("X-Rkproxy-Console"), refused.body());
        }
        assertEquals(before, file());
        assertEquals("+OK", auth("alice-secret"));
    }

    @Test
    void everyChangeIsAuditedWithWhoAndSecretsMasked() throws IOException {
        HttpResponse<String> edited = console().sendAs("jane from ops", "PUT", "/api/tenant?name=dora",
                "{\"pool\": \"cache\", \"db\": 4, \"read-only\": true}");
        assertEquals(200, edited.statusCode(), edited.body());
        assertNull(ConsoleClient.parse(edited.body()).get("password").textValue(), "no password generated");
        assertEquals("+OK", auth("dora-secret"), "an edit keeps the passwords");
        HttpResponse<String> added = console().send("POST", "/api/tenant/password?name=dora&action=add", null);
        assertEquals(200, added.statusCode(), added.body());
        String fresh = ConsoleClient.parse(added.body()).get("password").asText();
        assertEquals("+OK", auth(fresh));
        assertEquals("+OK", auth("dora-secret"), "add keeps the old password");
        assertEquals(200, console().send("POST", "/api/tenant/password?name=dora&action=remove-old", null)
                .statusCode());
        assertTrue(auth("dora-secret").startsWith("-WRONGPASS"), "remove-old drops it");
        assertEquals("+OK", auth(fresh));

        JsonNode entries = console().json("/api/audit").get("entries");
        JsonNode removal = entries.get(0);
        assertEquals("remove-old-passwords", removal.get("action").asText());
        JsonNode edit = entries.get(2);
        assertEquals("update-tenant", edit.get("action").asText());
        assertEquals("dora", edit.get("tenant").asText());
        assertEquals("jane from ops", edit.get("operator").asText());
        assertTrue(edit.get("client").asText().startsWith("127.0.0.1:"), edit.toString());
        assertEquals("***", edit.get("before").get("password").asText());
        assertFalse(edit.get("before").has("read-only"));
        assertTrue(edit.get("after").get("read-only").asBoolean());
        JsonNode addition = entries.get(1).get("after");
        assertEquals("[\"***\"]", addition.get("passwords").toString(), "masked: " + addition);
        assertEquals("[\"***\"]", addition.get("passwords-sha256").toString(), "masked: " + addition);
        String log = audit();
        for (String secret : List.of("dora-secret", fresh, Sha256.hex(fresh))) {
            assertFalse(log.contains(secret), "the audit log holds no password or hash: " + log);
        }
    }

    @Test
    void replacingAPasswordLeavesTheGeneratedOneTheOnlyOne() {
        HttpResponse<String> replaced = console().send("POST", "/api/tenant/password?name=frank&action=replace", null);

        assertEquals(200, replaced.statusCode(), replaced.body());
        String fresh = ConsoleClient.parse(replaced.body()).get("password").asText();
        assertEquals("+OK", auth(fresh));
        assertTrue(auth("frank-new").startsWith("-WRONGPASS"));
        assertTrue(auth("frank-old").startsWith("-WRONGPASS"));
        assertEquals(1, console().json("/api/tenant?name=frank").get("passwords").asInt());
        HttpResponse<String> nothingOld = console().send("POST", "/api/tenant/password?name=frank&action=remove-old",
                null);
        assertEquals(422, nothingOld.statusCode(), "one password, no old one to remove: " + nothingOld.body());
        assertEquals(400, console().send("POST", "/api/tenant/password?name=frank&action=rotate", null).statusCode());
    }

    @Test
    void twoRemoveOldsAtOnceRemoveTheOldPasswordOnceAndNeverTheTenant() {
        List<CompletableFuture<HttpResponse<String>>> removals = Stream.generate(() -> CompletableFuture.supplyAsync(
                () -> console().send("POST", "/api/tenant/password?name=gina&action=remove-old", null)))
                .limit(2).toList();
        List<Integer> statuses = removals.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)
                .sorted().toList();

        assertEquals(List.of(200, 422), statuses, "the second finds one password and refuses");
        assertTrue(removals.stream().map(CompletableFuture::join).anyMatch(reply -> reply.body()
                .contains("the tenant has one password; nothing to remove")));
        assertEquals(1, console().json("/api/tenant?name=gina").get("passwords").asInt(), "gina is still there");
        assertEquals("+OK", auth("gina-new"));
        assertTrue(auth("gina-old").startsWith("-WRONGPASS"));
    }

    @Test
    void aTenantNameOtherThanLettersDigitsAndUnderscoreDotOrDashIsRefusedWith400() {
        String before = file();
        for (String name : List.of("a:b", "x%23y", "it's", "a".repeat(65))) {
            HttpResponse<String> refused = console().send("PUT", "/api/tenant?name=" + name, "{\"pool\": \"cache\"}");
            assertEquals(400, refused.statusCode(), name + ": " + refused.body());
            assertTrue(refused.body().contains("1 to 64 letters, digits, '_', '.' or '-'"), refused.body());
        }
        assertEquals(before, file());
    }

    @Test
    void aBadLineInTheAuditLogIsSkippedAndCountedNotAFailure() throws IOException {
        Path log = proxy.configFile().resolveSibling("rkproxy.audit.jsonl");
        Files.writeString(log, "not json\n{\"at\": \"2026-\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        assertEquals(200, console().send("PUT", "/api/tenant?name=hank", "{\"pool\": \"cache\", \"db\": 7}")
                .statusCode());

        HttpResponse<String> audit = console().get("/api/audit");

        assertEquals(200, audit.statusCode(), audit.body());
        JsonNode reply = ConsoleClient.parse(audit.body());
        assertEquals("hank", reply.get("entries").get(0).get("tenant").asText());
        assertEquals(2, reply.get("skipped").asInt(), audit.body());
    }

    @Test
    void aDeletedTenantCannotAuthAndItsLinesGoWhileTheCommentsStay() {
        String before = file();
        HttpResponse<String> deleted = console().send("DELETE", "/api/tenant?name=bob", null);

        assertEquals(200, deleted.statusCode(), deleted.body());
        assertTrue(auth("bob-secret").startsWith("-WRONGPASS"), "bob is gone at once");
        String after = file();
        assertFalse(after.contains("bob-secret"), after);
        assertTrue(after.contains(COMMENTS.get(2)), "the comment before bob's line is kept: " + after);
        assertEquals(before.lines().count() - 1, after.lines().count(), "bob's one line went, and only it");
    }

    @Test
    void seriesNeedOneTenantOrPoolInForce() {
        assertEquals(400, console().get("/api/series").statusCode());
        assertEquals(400, console().get("/api/series?tenant=alice&pool=cache").statusCode());
        assertEquals(404, console().get("/api/series?tenant=nobody").statusCode());
    }
}
