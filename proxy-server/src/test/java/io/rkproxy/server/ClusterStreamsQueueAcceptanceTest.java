package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.testkit.RespSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link QueueAcceptance} on Redis Streams in a three-master cluster pool, the tenant under its key prefix, so a
 * topic's partitions land on different masters.
 */
class ClusterStreamsQueueAcceptanceTest extends StreamsQueueAcceptance {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0, plainTopics(tenants("big", QUEUE, false)));

    @Override
    RespSocket login(String password) {
        return proxy.login(password);
    }

    @Override
    ProxyRuntime runtime() {
        return proxy.proxy().server().runtime();
    }

    @Override
    String backendCallOnShopsKey(String key, String... args) {
        String[] prefixed = args.clone();
        prefixed[1] = "shop:" + args[1];
        return proxy.backendCall("shop:" + key, prefixed);
    }

    @Test
    void aTopicsPartitionsAreKeysOnDifferentMasters() {
        Set<Integer> masters = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            masters.add(proxy.cluster().masters().indexOf(proxy.cluster().masterForSlot(
                    proxy.cluster().slotOf("shop:orders:" + p))));
        }
        assertEquals(PARTITIONS, masters.size(), "shop:orders:0 and shop:orders:1 hash to different masters");
    }
}
