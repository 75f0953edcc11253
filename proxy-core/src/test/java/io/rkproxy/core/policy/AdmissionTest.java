package io.rkproxy.core.policy;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.HotKeysConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.config.TestConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.resp.CommandText;
import io.rkproxy.core.resp.RespCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final long NOW = 5_000_000_000L;

    private final TenantConfig tenant = TestConfig.load("""
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              t: {password: p, pool: cache, db: 1, max-ops-per-second: 2, max-request-bytes: 40}
            """).tenants().get("t");
    private final TenantMeters meters = new TenantMeters(HotKeysConfig.DEFAULT, System::nanoTime);

    private Denial admit(String line, long nowNanos) {
        RespCommand command = CommandText.parse(line);
        try {
            return Admission.check(command, tenant, meters, nowNanos);
        } finally {
            command.release();
        }
    }

    @Test
    void aRequestOverTheTenantsSizeLimitIsRefused() {
        assertNull(admit("SET k v", NOW), "27 bytes as RESP");
        Denial refused = admit("SET k " + "v".repeat(20), NOW);
        assertEquals(new Denial(Refusal.REQUEST_TOO_LARGE, RespErrors.requestTooLarge(47, 40)), refused);
    }

    @Test
    void commandsPastTheRateAreRefusedUntilTimeFreesAPlace() {
        assertNull(admit("GET a", NOW));
        assertNull(admit("GET b", NOW));
        assertEquals(new Denial(Refusal.RATE_LIMITED, RespErrors.RATE_LIMITED), admit("GET c", NOW));
        assertNull(admit("GET d", NOW + 500_000_000L));
    }

    @Test
    void everyCommandIsCountedRefusedOrNot() {
        admit("GET a", NOW);
        admit("GET b", NOW);
        admit("GET c", NOW);
        assertEquals(Map.of("get", 3L), meters.commandsByName());
    }
}
