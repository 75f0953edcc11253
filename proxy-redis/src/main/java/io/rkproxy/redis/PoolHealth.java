package io.rkproxy.redis;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether a pool's backend answers, as its connections last saw it; logs the moves between up and down. */
public final class PoolHealth {

    private static final Logger log = LoggerFactory.getLogger(PoolHealth.class);

    private final String pool;
    private volatile String downReason;

    public PoolHealth(String pool) {
        this.pool = pool;
    }

    void up(boolean recovered) {
        if (recovered || downReason != null) {
            log.info("pool '{}': backend reachable again", pool);
        }
        downReason = null;
    }

    void down(String reason, boolean wasUp) {
        if (downReason == null || wasUp) {
            log.warn("pool '{}': {}", pool, reason);
        }
        downReason = reason;
    }

    Optional<String> downReason() {
        return Optional.ofNullable(downReason);
    }
}
