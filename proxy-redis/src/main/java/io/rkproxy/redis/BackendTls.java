package io.rkproxy.redis;

import io.netty.handler.ssl.SslContext;
import io.rkproxy.core.config.PoolTls;
import io.rkproxy.core.tls.TlsContexts;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The TLS contexts of Redis pools, built once per pool config rather than for every connection (a cluster pool
 * opens many, and one-off queries open more). A context goes when its config does.
 */
final class BackendTls {

    private static final Map<PoolTls, SslContext> CONTEXTS = Collections.synchronizedMap(new WeakHashMap<>());

    private BackendTls() {
    }

    static SslContext context(PoolTls tls) throws IOException, GeneralSecurityException {
        SslContext known = CONTEXTS.get(tls);
        if (known != null) {
            return known;
        }
        SslContext built = TlsContexts.backend(tls);
        CONTEXTS.put(tls, built);
        return built;
    }
}
