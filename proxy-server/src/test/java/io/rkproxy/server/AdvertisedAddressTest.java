package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rkproxy.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The address a node registers in the fleet is one other machines can reach. */
class AdvertisedAddressTest {

    private static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void wildcardBindAdvertisesThisMachinesAddress() {
        try (RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address())
                .replace("bind: 127.0.0.1", "bind: 0.0.0.0"))) {
            String address = proxy.server().admin().nodes().get(0).address();
            assertFalse(address.startsWith("0.0.0.0"), address);
            assertEquals(":" + proxy.port(), address.substring(address.lastIndexOf(':')));
        }
    }

    @Test
    void advertiseHostIsWhatTheFleetSees() {
        try (RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address())
                .replace("bind: 127.0.0.1", "bind: 127.0.0.1\n  advertise-host: proxy-7.example"))) {
            assertEquals("proxy-7.example:" + proxy.port(), proxy.server().admin().nodes().get(0).address());
        }
    }
}
