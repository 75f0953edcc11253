package io.rkproxy.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code tls:} section of a Redis pool: the proxy reaches every node of the pool over TLS.
 *
 * @param caFile         the CAs the nodes' certificates must verify against; empty for the JDK's trusted CAs
 * @param certFile       the proxy's client certificate, PEM, for nodes that require one ({@code tls-auth-clients})
 * @param keyFile        its private key, unencrypted PKCS#8 PEM
 * @param verifyHostname whether a node's certificate must name the host the pool connects to
 * @param filesDigest    a digest of the files' contents: a reload after they changed sees a changed pool, which
 *                       is rebuilt, and its new connections use the new files
 */
public record PoolTls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
                      boolean verifyHostname, String filesDigest) {

    /** The pool's section, or empty when the pool has none. */
    static Optional<PoolTls> read(ConfigNode pool) {
        if (!pool.has("tls")) {
            return Optional.empty();
        }
        ConfigNode node = pool.child("tls");
        PemFiles pem = new PemFiles(node);
        Optional<Path> ca = pem.certificates("ca-file");
        Optional<Path> cert = pem.certificates("cert-file");
        Optional<Path> key = pem.privateKey("key-file");
        boolean verifyHostname = node.bool("verify-hostname", true);
        node.rejectUnknownKeys();
        if (node.has("cert-file") != node.has("key-file")) {
            node.problem(node.has("cert-file") ? "key-file" : "cert-file",
                    "cert-file and key-file go together: the client certificate and its key");
        }
        return Optional.of(new PoolTls(ca, cert, key, verifyHostname, pem.digest()));
    }
}
