package io.rkproxy.server;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link QueueAcceptance} on Redis Streams in a standalone redis pool, the tenant in its db. */
class StandaloneStreamsQueueAcceptanceTest extends StreamsQueueAcceptance {

    private static final int SHOP_DB = 3;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(plainTopics(tenants("cache", QUEUE, true)));

    @Override
    RespSocket login(String password) {
        return proxy.login(password);
    }

    @Override
    String backendCallOnShopsKey(String key, String... args) {
        return proxy.backendCall(SHOP_DB, args);
    }
}
