package io.rkproxy.core.policy;

import io.rkproxy.core.metrics.Refusal;

/** Why a tenant's command is refused: the refusal counter it counts in, and the error the client gets. */
public record Denial(Refusal why, String redisError) {
}
