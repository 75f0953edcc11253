package io.rkproxy.core.session;

import static io.rkproxy.core.resp.Resp.OK;
import static io.rkproxy.core.resp.Resp.bulk;
import static io.rkproxy.core.resp.Resp.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.FakeLink;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reload that removes a session's tenant ends the session at once, and the node forgets the tenant's counters; one that takes away the password,
 * certificate identity or open default it got in with does not, but makes it stale for PROXY KILL TENANT STALE; one
 * that takes away what an admin's USE stands on puts it back on its own pool.
 */
class TenantBindingTest {

    private static final String OTHER_POOL = "  other: {type: redis, nodes: [\"127.0.0.1:6380\"]}\n";
    private static final String CONFIG = """
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
              events: {type: kafka, bootstrap: "127.0.0.1:9092"}
            %stenants:
              ops: {password: ops-secret, pool: cache, db: 1, admin: true}
              bob: {password: bob-secret, pool: cache, db: 2}
            """.formatted(OTHER_POOL);

    private final TestProxy proxy = new TestProxy(CONFIG);
    private final FakeLink bobs = proxy.pool("cache").shared("bob");
    private final TestClient bob = proxy.connect("bob-secret");

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void aRemovedTenantsSessionIsClosedAtTheReloadWithTheReasonAndNothingElse() {
        proxy.reload(CONFIG.replace("  bob: {password: bob-secret, pool: cache, db: 2}\n", ""));
        assertEquals(error(RespErrors.tenantRemoved("bob")), bob.replies());
        assertFalse(bob.isOpen());
        assertEquals(SessionState.CLOSED, bob.state());
        assertEquals(List.of(), bobs.sent());
        assertEquals(List.of("bob"), proxy.kafka("events").forgotten(), "the Kafka pool forgets bob's counters");
    }

    @Test
    void aSessionWhosePasswordWasReplacedGoesOn() {
        proxy.reload(CONFIG.replace("bob-secret", "bob-new"));
        bob.send("GET a");
        bobs.reply(bulk("A"));
        assertEquals(bulk("A"), bob.replies());
        assertTrue(bob.isOpen());
        assertEquals(List.of("GET a"), bobs.sent());
    }

    /** Whether PROXY KILL TENANT STALE would close {@code client} under the config in force now. */
    private boolean stale(TestClient client) {
        return client.view().stale(proxy.runtime().snapshot().config());
    }

    @Test
    void aPasswordSessionIsStaleOnceARotationTakesItsPasswordAway() {
        proxy.reload(CONFIG.replace("password: bob-secret", "passwords: [bob-new, bob-secret]"));
        assertFalse(stale(bob));
        proxy.reload(CONFIG.replace("bob-secret", "bob-new"));
        assertTrue(stale(bob));
    }

    @Test
    void aCertificateSessionIsStaleOnceItsIdentityIsRemovedOrMovedButGoesOnUntilKilled() {
        String carol = "  carol: {pool: cache, db: 3, tls-identity: [\"CN=carol\", \"DNS:carol.example\"]}\n";
        proxy.reload(CONFIG + carol);
        TestClient certified = proxy.connect();
        certified.showCertificate("CN=carol", "DNS:other.example");
        assertEquals("carol", certified.view().tenantName());
        proxy.reload(CONFIG + carol.replace("\"DNS:carol.example\"", "\"URI:spiffe://test/carol\""));
        assertFalse(stale(certified), "the identity it showed still names carol");

        proxy.reload(CONFIG + carol.replace("\"CN=carol\", ", ""));
        assertTrue(stale(certified), "CN=carol removed");
        proxy.reload(CONFIG.replace("db: 2}", "db: 2, tls-identity: CN=carol}") + carol.replace("\"CN=carol\", ", ""));
        assertTrue(stale(certified), "CN=carol moved to bob");
        proxy.reload(CONFIG.replace("db: 2}", "db: 2, tls-identity: \"DNS:other.example\"}") + carol);
        assertTrue(stale(certified), "its other name is bob's: such a certificate must AUTH");

        certified.send("GET a");
        proxy.pool("cache").shared("carol").reply(bulk("A"));
        assertEquals(bulk("A"), certified.replies(), "a stale session goes on until an operator kills it");
    }

    @Test
    void anOpenDefaultSessionIsStaleOnceTheDefaultTenantHasAPassword() {
        String open = "  default: {pool: cache, db: 0}\n";
        proxy.reload(CONFIG + open);
        TestClient anyone = proxy.connect();
        assertEquals("default", anyone.view().tenantName());
        assertFalse(stale(anyone));
        proxy.reload(CONFIG + open.replace("{pool", "{password: now-closed, pool"));
        assertTrue(stale(anyone));
        assertFalse(stale(bob));
    }

    @Test
    void repliesOwedBeforeTheReloadAreWrittenFirst() {
        bob.send("GET a");
        proxy.reload(CONFIG.replace("  bob: {password: bob-secret, pool: cache, db: 2}\n", ""));
        bob.send("GET b");
        assertEquals("", bob.replies());
        assertTrue(bob.isOpen());

        bobs.reply(bulk("A"));
        assertEquals(bulk("A") + error(RespErrors.tenantRemoved("bob")), bob.replies());
        assertFalse(bob.isOpen());
        assertEquals(List.of("GET a"), bobs.sent());
    }

    @Test
    void aReloadThatLeavesTheTenantAsItWasChangesNothing() {
        proxy.reload(CONFIG.replace("db: 1", "db: 3"));
        bob.send("GET a");
        bobs.reply(bulk("A"));
        assertEquals(bulk("A"), bob.replies());
        assertTrue(bob.isOpen());
    }

    /** An admin on pool other, where GET k went. */
    private TestClient opsOnOtherPool() {
        TestClient ops = proxy.connect("ops-secret");
        ops.send("USE other", "GET k");
        FakeLink other = proxy.pool("other").shared("ops");
        assertEquals(List.of("GET k"), other.sent());
        other.reply(bulk("O"));
        assertEquals(OK + bulk("O"), ops.replies());
        return ops;
    }

    @Test
    void anAdminsUseOfItsOwnPoolTakesEffectAtItsNextCommand() {
        TestClient ops = opsOnOtherPool();
        ops.send("USE cache", "GET k");
        assertEquals(List.of("GET k"), proxy.pool("cache").shared("ops").sent());
        assertEquals(List.of("GET k"), proxy.pool("other").shared("ops").sent());
    }

    @Test
    void anAdminIsBackOnItsOwnPoolWhenThePoolItUsesIsGone() {
        TestClient ops = opsOnOtherPool();
        proxy.reload(CONFIG.replace(OTHER_POOL, ""));
        ops.send("GET k");
        assertEquals(List.of("GET k"), proxy.pool("cache").shared("ops").sent());
    }

    @Test
    void anAdminIsBackOnItsOwnPoolOnceItIsNoAdminAnyMore() {
        TestClient ops = opsOnOtherPool();
        proxy.reload(CONFIG.replace(", admin: true", ""));
        ops.send("GET k");
        assertEquals(List.of("GET k"), proxy.pool("cache").shared("ops").sent());
        assertEquals(List.of("GET k"), proxy.pool("other").shared("ops").sent());
    }
}
