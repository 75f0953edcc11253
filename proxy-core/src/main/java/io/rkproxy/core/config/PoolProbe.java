package io.rkproxy.core.config;

import java.util.OptionalInt;

/** Asks a live backend the facts that validation checks against. Implemented by the pool modules. */
public interface PoolProbe {

    /** The pool's {@code CONFIG GET databases}, or empty when the backend cannot be reached or will not say. */
    OptionalInt databases(PoolConfig pool);

    /** For when no backend is consulted: every pool is assumed to have Redis's default 16 databases. */
    PoolProbe OFFLINE = pool -> OptionalInt.empty();
}
