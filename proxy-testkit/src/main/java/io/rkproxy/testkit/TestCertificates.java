package io.rkproxy.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway CA in a temporary directory, made with the {@code openssl} command line (the JDK alone cannot issue
 * certificates), and the certificates it issues: servers' for 127.0.0.1 and localhost, clients' for a CN. Keys are
 * P-256, unencrypted PKCS#8 PEM, which rkproxy, redis-server and the JDK all read.
 */
public final class TestCertificates {

    private static final List<String> NEW_KEY = List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes");
    private static final String STORE_PASSWORD = "rkproxy-test";

    private final Path dir;
    private final Issued ca;
    private final Issued server;
    private final AtomicLong serials = new AtomicLong(1000);

    /** A certificate file, its key file, and its serial number. */
    public record Issued(Path cert, Path key, BigInteger serial) {
    }

    private TestCertificates(Path dir) {
        this.dir = dir;
        Path caKey = dir.resolve("ca.key");
        Path caCert = dir.resolve("ca.pem");
        openssl(dir, concat(List.of("req", "-x509"), NEW_KEY, List.of("-keyout", caKey.toString(), "-out",
                caCert.toString(), "-days", "2", "-subj", "/CN=rkproxy test CA", "-set_serial", "1")));
        this.ca = new Issued(caCert, caKey, BigInteger.ONE);
        this.server = issueServer();
    }

    /** A new CA with one server certificate. */
    public static TestCertificates create() {
        try {
            return new TestCertificates(Files.createTempDirectory("rkproxy-tls-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caFile() {
        return ca.cert();
    }

    /** The server certificate made with the CA. */
    public Issued server() {
        return server;
    }

    /**
     * Another server certificate for 127.0.0.1 and localhost, with a serial of its own, in files of its own. It
     * serves as a client certificate too, as Redis Cluster nodes use theirs on the cluster bus.
     */
    public Issued issueServer() {
        return issue("/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n");
    }

    /**
     * A client certificate whose subject is {@code CN=<commonName>}, with the subject alternative names given in
     * OpenSSL's form ({@code DNS:alice.example}, {@code URI:spiffe://example/alice}), if any.
     */
    public Issued issueClient(String commonName, String... alternativeNames) {
        return issueClientWithSubject("/CN=" + commonName, alternativeNames);
    }

    /**
     * A client certificate whose subject is {@code subject} in OpenSSL's form: {@code /CN=zed+CN=alice} is one
     * multi-valued RDN with two common names.
     */
    public Issued issueClientWithSubject(String subject, String... alternativeNames) {
        String names = alternativeNames.length == 0 ? ""
                : "subjectAltName=" + String.join(",", alternativeNames) + "\n";
        return issue(subject, names + "extendedKeyUsage=clientAuth\n");
    }

    /** A client context that trusts this CA only. */
    public SSLContext trustingCa() {
        return context(null);
    }

    /**
     * A client context that trusts this CA and shows {@code client}'s certificate when asked for one; {@code client}
     * may come from another CA, as a forged one would.
     */
    public SSLContext trustingCa(Issued client) {
        return context(client);
    }

    private Issued issue(String subject, String extensions) {
        long serial = serials.incrementAndGet();
        Path key = dir.resolve(serial + ".key");
        Path request = dir.resolve(serial + ".csr");
        Path cert = dir.resolve(serial + ".pem");
        Path ext = dir.resolve(serial + ".ext");
        try {
            Files.writeString(ext, extensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, concat(List.of("req"), NEW_KEY, List.of("-keyout", key.toString(), "-out", request.toString(),
                "-subj", subject, "-multivalue-rdn")));
        openssl(dir, List.of("x509", "-req", "-in", request.toString(), "-CA", ca.cert().toString(), "-CAkey",
                ca.key().toString(), "-set_serial", Long.toString(serial), "-days", "2", "-extfile", ext.toString(),
                "-out", cert.toString()));
        return new Issued(cert, key, BigInteger.valueOf(serial));
    }

    private SSLContext context(Issued client) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(ca.cert())) {
                trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyManagerFactory keys = null;
            if (client != null) {
                Path store = dir.resolve(client.serial() + ".p12");
                openssl(dir, List.of("pkcs12", "-export", "-in", client.cert().toString(), "-inkey",
                        client.key().toString(), "-out", store.toString(), "-passout", "pass:" + STORE_PASSWORD));
                KeyStore own = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    own.load(in, STORE_PASSWORD.toCharArray());
                }
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, STORE_PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void openssl(Path dir, List<String> args) {
        List<String> command = concat(List.of("openssl"), args);
        try {
            Path log = dir.resolve("openssl.log");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl; install it (apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
