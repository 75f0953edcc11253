package io.rkproxy.core.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads the PEM files a TLS section names, so that a file that is missing, unreadable or not PEM is a config
 * problem at load time rather than a failed handshake later. What was read goes into a digest, so that a config
 * whose files changed differs from the one before.
 */
final class PemFiles {

    private final ConfigNode node;
    private final MessageDigest digest;

    PemFiles(ConfigNode node) {
        this.node = node;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A file of one or more X.509 certificates, or empty when {@code key} is absent or the file is bad. */
    Optional<Path> certificates(String key) {
        return read(key).filter(file -> {
            try {
                if (CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(file.bytes())).isEmpty()) {
                    node.problem(key, file.path() + " holds no certificate");
                    return false;
                }
                return true;
            } catch (CertificateException e) {
                node.problem(key, file.path() + " is not a PEM certificate file (" + e.getMessage() + ")");
                return false;
            }
        }).map(File::path);
    }

    /** An unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}), the one form read without extra libraries. */
    Optional<Path> privateKey(String key) {
        return read(key).filter(file -> {
            String text = new String(file.bytes(), StandardCharsets.US_ASCII);
            if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
                node.problem(key, file.path() + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                        + "convert it with: openssl pkcs8 -topk8 -nocrypt -in <key> -out <key.pk8>");
                return false;
            }
            return true;
        }).map(File::path);
    }

    /** A hex digest of every file read so far. */
    String digest() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private Optional<File> read(String key) {
        String name = node.string(key, null);
        if (name == null) {
            return Optional.empty();
        }
        Path path = Path.of(name).toAbsolutePath();
        try {
            byte[] bytes = Files.readAllBytes(path);
            digest.update(bytes);
            return Optional.of(new File(path, bytes));
        } catch (IOException e) {
            node.problem(key, "cannot read " + path + " (" + e + ")");
            return Optional.empty();
        }
    }

    private record File(Path path, byte[] bytes) {
    }
}
