package io.rkproxy.core.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.rkproxy.core.config.PoolTls;
import io.rkproxy.core.config.ServerTls;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/** Builds Netty's TLS contexts from the config's PEM files. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** The listener's context: its certificate, and the CAs client certificates must verify against. */
    public static SslContext server(ServerTls tls) throws IOException, GeneralSecurityException {
        PemKeyPair pair = PemKeyPair.read(tls.certFile(), tls.keyFile());
        SslContextBuilder builder = SslContextBuilder.forServer(pair.key(), pair.chain())
                .clientAuth(switch (tls.clientAuth()) {
                    case NONE -> ClientAuth.NONE;
                    case OPTIONAL -> ClientAuth.OPTIONAL;
                    case REQUIRE -> ClientAuth.REQUIRE;
                });
        trust(builder, tls.caFile());
        return builder.build();
    }

    /** A Redis pool's context: the CAs its nodes' certificates must verify against, and the proxy's certificate. */
    public static SslContext backend(PoolTls tls) throws IOException, GeneralSecurityException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .endpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null);
        trust(builder, tls.caFile());
        if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
            PemKeyPair pair = PemKeyPair.read(tls.certFile().get(), tls.keyFile().get());
            builder.keyManager(pair.key(), pair.chain());
        }
        return builder.build();
    }

    private static void trust(SslContextBuilder builder, Optional<Path> caFile)
            throws IOException, GeneralSecurityException {
        if (caFile.isPresent()) {
            builder.trustManager(PemKeyPair.certificates(caFile.get()));
        }
    }
}
