package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.metrics.BigKey;
import io.rkproxy.core.metrics.HotKey;
import io.rkproxy.core.metrics.TenantKeys;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** On a cluster pool, where the proxy prefixes every key, hot and big keys are shown as the tenant wrote them. */
class ClusterHotKeysTest {

    private static final int GETS = 3_000;

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big, key-prefix: \"app:\"}");

    @Test
    void keysAreShownWithoutTheTenantsPrefix() {
        byte[] blob = "blob".getBytes(StandardCharsets.UTF_8);
        try (Jedis alice = new Jedis("127.0.0.1", proxy.port())) {
            alice.auth("alice-secret");
            alice.set(blob, new byte[1024 * 1024]);
            Pipeline p = alice.pipelined();
            for (int i = 0; i < GETS; i++) {
                p.get("counter");
            }
            p.sync();
        }
        assertEquals(":" + 1024 * 1024, proxy.backendCall("app:blob", "STRLEN", "app:blob"),
                "the backend holds the prefixed key");
        TenantKeys keys = proxy.proxy().server().runtime().meters().meters("alice").keys();
        assertEquals("blob", keys.big(1).stream().map(BigKey::key).findFirst().orElse(null));
        assertEquals("counter", keys.hot(1).stream().map(HotKey::key).findFirst().orElse(null),
                "sampled one in a hundred of " + GETS);
    }
}
