package io.rkproxy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.PoolType;
import io.rkproxy.testkit.FreePorts;
import io.rkproxy.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RedisPoolProbeTest {

    static PoolConfig pool(int port, Optional<String> password) {
        return new PoolConfig("cache", PoolType.REDIS, List.of(new Address("127.0.0.1", port)), Optional.empty(),
                password, 1, Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(200), Optional.of("rkproxy-tenant"),
                Duration.ofSeconds(10), Duration.ofMillis(500), false, Optional.empty());
    }

    @Test
    void readsTheBackendsDatabaseCount() {
        try (RedisServer redis = RedisServer.start("--databases", "32"); RedisPoolProbe probe = RedisPoolProbe.open()) {
            assertEquals(OptionalInt.of(32), probe.databases(pool(redis.port(), Optional.empty())));
        }
    }

    @Test
    void authenticatesWithThePoolPassword() {
        try (RedisServer redis = RedisServer.start("--requirepass", "backend-secret");
             RedisPoolProbe probe = RedisPoolProbe.open()) {
            assertEquals(OptionalInt.of(16), probe.databases(pool(redis.port(), Optional.of("backend-secret"))));
            assertEquals(OptionalInt.empty(), probe.databases(pool(redis.port(), Optional.of("wrong"))));
        }
    }

    @Test
    void unreachableBackendGivesNoAnswer() {
        try (RedisPoolProbe probe = RedisPoolProbe.open()) {
            assertEquals(OptionalInt.empty(), probe.databases(pool(FreePorts.next(), Optional.empty())));
        }
    }
}
