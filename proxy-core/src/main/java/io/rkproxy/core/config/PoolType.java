package io.rkproxy.core.config;

import java.util.Arrays;
import java.util.Optional;

/** The kind of backend a pool fronts, as spelled in the {@code type:} key. */
public enum PoolType {
    REDIS("redis"),
    REDIS_CLUSTER("redis-cluster"),
    KAFKA("kafka");

    private final String key;

    PoolType(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The keys of every type, for error messages. */
    public static String keys() {
        return String.join(", ", Arrays.stream(values()).map(PoolType::key).toList());
    }

    public static Optional<PoolType> fromKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }
}
