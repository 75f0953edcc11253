package io.rkproxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.backend.KafkaTenantFigures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiViewsTest {

    private final ProxyAdmin admin = new FakeNode()
            .pool("cache", Optional.empty(),
                    new BackendNodeStatus("10.0.0.1:7000", false, -1, 0, 0, 2, Optional.of("refused")))
            .kafkaPool("events", Optional.empty(), Map.of("bob", new KafkaTenantFigures(1, 2, 0, 0, -1, List.of())))
            .admin();
    private final ApiViews views = new ApiViews(admin);

    private static String json(Object view) {
        return new String(Reply.json(view).body(), StandardCharsets.UTF_8);
    }

    @Test
    void configViewHoldsNoPasswordHashOrKafkaClientProperty() {
        String config = json(views.config());
        for (String secret : List.of("pool-secret", "kafka-secret", "alice-secret", "carol-secret", "ab".repeat(32),
                "sasl")) {
            assertFalse(config.contains(secret), "/api/config holds " + secret);
        }
        assertTrue(config.contains("\"username\":\"proxy\""));
        assertTrue(config.contains("\"hasPassword\":true"));
    }

    @Test
    void configViewShowsCommandRulesByNameAndCategory() {
        ConfigViews.Tenant carol = views.config().tenants().get(2);
        assertEquals("carol", carol.name());
        assertEquals(List.of("@dangerous", "del"), List.copyOf(carol.commands().deny()));
        assertTrue(carol.readOnly());
        assertEquals("carol:", carol.keyPrefix());
        ConfigViews.Tenant bob = views.config().tenants().get(1);
        assertNull(bob.pool(), "a Kafka-only tenant has no Redis pool");
        assertEquals(Map.of("orders", List.of("consume")), bob.kafka().topics());
    }

    @Test
    void unknownFiguresAreNullNotMinusOne() {
        ApiViews.Backend backend = views.pools().pools().get(0).backends().get(0);
        assertNull(backend.latencyMicros());
        assertEquals("refused", backend.error());
        assertTrue(json(views.pools()).contains("\"unavailable\":null"));
        admin.runtime().meters().meters("alice");
        admin.runtime().meters().meters("bob");
        StatsViews.Stats stats = views.stats();
        assertNull(stats.tenants().get("bob").kafka().get("events").lag());
        assertNull(stats.tenants().get("alice").latency().p50Micros(), "no command yet");
    }

    @Test
    void tenantsViewHoldsNoPasswordOrHash() {
        String tenants = json(views.tenants());
        for (String secret : List.of("alice-secret", "carol-secret", "ab".repeat(32))) {
            assertFalse(tenants.contains(secret));
        }
        assertTrue(tenants.contains("\"isolation\":\"prefix alice:\""));
    }
}
