package io.rkproxy.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code server.tls:} section: a TLS listener for clients, beside the plain one or instead of it.
 *
 * @param port        the TLS port; 0 for any free one
 * @param certFile    the certificate chain clients are shown, PEM
 * @param keyFile     its private key, unencrypted PKCS#8 PEM
 * @param caFile      the CAs client certificates must verify against; required unless {@code clientAuth} is none
 * @param clientAuth  whether clients are asked for a certificate
 * @param plain       whether the plain listener ({@code server.port}) opens too
 * @param reloadCheck how often the files are checked for changes; changed files serve new connections
 */
public record ServerTls(int port, Path certFile, Path keyFile, Optional<Path> caFile, TlsClientAuth clientAuth,
                        boolean plain, Duration reloadCheck) {

    public static final int DEFAULT_RELOAD_CHECK_MS = 5_000;

    /** The section under {@code node}, or empty when there is none. */
    static Optional<ServerTls> read(ConfigNode server) {
        if (!server.has("tls")) {
            return Optional.empty();
        }
        ConfigNode node = server.child("tls");
        if (!node.has("port")) {
            node.problem("port", "is required");
        }
        int port = node.integer("port", 0, 0, 65535);
        PemFiles pem = new PemFiles(node);
        Optional<Path> cert = pem.certificates("cert-file");
        Optional<Path> key = pem.privateKey("key-file");
        Optional<Path> ca = pem.certificates("ca-file");
        String authKey = node.string("client-auth", TlsClientAuth.NONE.key());
        TlsClientAuth auth = TlsClientAuth.fromKey(authKey).orElseGet(() -> {
            node.problem("client-auth", "must be none, optional or require, got '" + authKey + "'");
            return TlsClientAuth.NONE;
        });
        boolean plain = node.bool("plain", true);
        int reloadCheck = node.integer("reload-check-ms", DEFAULT_RELOAD_CHECK_MS, 100, 3_600_000);
        node.rejectUnknownKeys();
        for (String required : new String[] {"cert-file", "key-file"}) {
            if (!node.has(required)) {
                node.problem(required, "is required");
            }
        }
        if (auth != TlsClientAuth.NONE && !node.has("ca-file")) {
            node.problem("ca-file", "is required when client-auth is " + auth.key()
                    + ": client certificates are verified against it");
        }
        if (cert.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServerTls(port, cert.get(), key.get(), ca, auth, plain,
                Duration.ofMillis(reloadCheck)));
    }
}
