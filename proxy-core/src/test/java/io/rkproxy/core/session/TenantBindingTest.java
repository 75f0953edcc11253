package io.rkproxy.core.session;

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

/** A reload that removes a session's tenant or changes its password ends the session at its next command. */
class TenantBindingTest {

    private static final String CONFIG = """
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              alice: {password: alice-secret, pool: cache, db: 1}
              bob: {password: bob-secret, pool: cache, db: 2}
            """;

    private final TestProxy proxy = new TestProxy(CONFIG);
    private final FakeLink bobs = proxy.pool("cache").shared("bob");
    private final TestClient bob = proxy.connect("bob-secret");

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void aRemovedTenantsSessionClosesWithTheReasonAndNothingElse() {
        proxy.reload(CONFIG.replace("  bob: {password: bob-secret, pool: cache, db: 2}\n", ""));
        bob.send("GET a", "GET b");
        assertEquals(error(RespErrors.tenantRemoved("bob")), bob.replies());
        assertFalse(bob.isOpen());
        assertEquals(SessionState.CLOSED, bob.state());
        assertEquals(List.of(), bobs.sent());
    }

    @Test
    void aChangedPasswordClosesTheSession() {
        proxy.reload(CONFIG.replace("bob-secret", "bob-new"));
        bob.send("GET a");
        assertEquals(error(RespErrors.passwordChanged("bob")), bob.replies());
        assertFalse(bob.isOpen());
        assertEquals(List.of(), bobs.sent());
    }

    @Test
    void repliesOwedBeforeTheReloadAreWrittenFirst() {
        bob.send("GET a");
        proxy.reload(CONFIG.replace("bob-secret", "bob-new"));
        bob.send("GET b");
        assertEquals("", bob.replies());
        assertTrue(bob.isOpen());

        bobs.reply(bulk("A"));
        assertEquals(bulk("A") + error(RespErrors.passwordChanged("bob")), bob.replies());
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
}
