package io.rkproxy.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code server.tls}, pool {@code tls} and tenant {@code tls-identity} keys, and what they refuse. */
class TlsConfigTest {

    private static TestCertificates certificates;
    private static TestCertificates.Issued server;

    @BeforeAll
    static void issue() {
        certificates = TestCertificates.create();
        server = certificates.server();
    }

    private static String config(String serverTls, String poolTls, String tenants) {
        return """
                server:
                  port: 6380
                %s
                pools:
                  cache:
                    type: redis
                    nodes: ["127.0.0.1:6379"]
                %s
                tenants:
                  alice: {password: alice-secret, pool: cache, db: 1}
                %s
                """.formatted(serverTls.indent(2).stripTrailing(), poolTls.indent(4).stripTrailing(),
                tenants.indent(2).stripTrailing());
    }

    private static List<String> problems(String yaml) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestConfig.load(yaml));
        return ((ConfigException) e.getCause()).problems().stream().map(p -> p.substring(p.indexOf(": ") + 2))
                .toList();
    }

    @Test
    void aTlsListenerBesideThePlainOneWithItsDefaults() {
        ServerConfig config = TestConfig.load(config("tls: {port: 6443, cert-file: %s, key-file: %s}"
                .formatted(server.cert(), server.key()), "", "")).server();
        assertEquals(Optional.of(new ServerTls(6443, server.cert(), server.key(), Optional.empty(),
                TlsClientAuth.NONE, true, Duration.ofMillis(ServerTls.DEFAULT_RELOAD_CHECK_MS))), config.tls());
    }

    @Test
    void aListenerThatVerifiesClientsNeedsItsCasAndEveryFileMustBePem() {
        assertEquals(List.of("server.tls.ca-file: is required when client-auth is require: client certificates are "
                        + "verified against it"),
                problems(config("tls: {port: 6443, cert-file: %s, key-file: %s, client-auth: require}"
                        .formatted(server.cert(), server.key()), "", "")));
        List<String> swapped = problems(config("tls: {port: 6443, cert-file: %s, key-file: %s, client-auth: maybe}"
                .formatted(server.key(), server.cert()), "", ""));
        assertEquals(3, swapped.size(), swapped.toString());
        assertTrue(swapped.get(0).startsWith("server.tls.cert-file: " + server.key() + " is not a PEM certificate"));
        assertTrue(swapped.get(1).startsWith("server.tls.key-file: " + server.cert() + " is not an unencrypted "
                + "PKCS#8 PEM key"));
        assertEquals("server.tls.client-auth: must be none, optional or require, got 'maybe'", swapped.get(2));
        assertTrue(problems(config("tls: {port: 6443, key-file: %s}".formatted(server.key()), "", ""))
                .contains("server.tls.cert-file: is required"));
    }

    @Test
    void aPoolWhoseTlsFilesChangedIsAnotherPool() throws Exception {
        Path ca = Files.createTempDirectory("rkproxy-ca-").resolve("ca.pem");
        Files.copy(certificates.caFile(), ca);
        String yaml = config("", "tls: {ca-file: %s, verify-hostname: false}".formatted(ca), "");
        PoolConfig before = TestConfig.load(yaml).pools().get("cache");
        assertEquals(Optional.of(ca), before.tls().get().caFile());
        assertEquals(before, TestConfig.load(yaml).pools().get("cache"));
        Files.copy(TestCertificates.create().caFile(), ca, StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(before, TestConfig.load(yaml).pools().get("cache"), "a reload rebuilds the pool");
        assertEquals(List.of("pools.cache.tls.key-file: cert-file and key-file go together: the client certificate "
                + "and its key"), problems(config("", "tls: {cert-file: %s}".formatted(server.cert()), "")));
    }

    @Test
    void aTenantWithATlsIdentityNeedsNoPasswordAndAnIdentityNamesOneTenant() {
        ProxyConfig config = TestConfig.load(config("", "", "bob: {pool: cache, db: 2, tls-identity: CN=bob}"));
        assertEquals(List.of("CN=bob"), config.tenant("bob").get().tlsIdentities());
        assertEquals(List.of(config.tenant("bob").get()), config.tenantsByTlsIdentity(List.of("CN=bob", "DNS:x")));
        assertEquals(List.of(
                "tenants.bob.tls-identity: 'bob' names no certificate identity; use one of [CN=, DNS:, URI:, "
                        + "EMAIL:, IP:] followed by the name"),
                problems(config("", "", "bob: {pool: cache, db: 2, tls-identity: [bob]}")));
        assertEquals(List.of("tenants.carol.tls-identity: 'DNS:shared.example' is tenant 'bob''s too; a client "
                        + "certificate must identify one tenant"),
                problems(config("", "", """
                        bob: {pool: cache, db: 2, tls-identity: DNS:shared.example}
                        carol: {pool: cache, db: 3, tls-identity: ["CN=carol", "DNS:shared.example"]}""")));
    }
}
