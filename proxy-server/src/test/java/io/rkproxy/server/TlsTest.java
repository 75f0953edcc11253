package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rkproxy.core.RespErrors;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import io.rkproxy.testkit.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Clients reach rkproxy over TLS, and rkproxy reaches a Redis that takes TLS connections only and asks for a client
 * certificate; real clients (redis-cli, Jedis, Lettuce) on the TLS port, a plain client refused there, the listener's
 * certificate replaced while the proxy runs, and a client certificate that stands for AUTH.
 */
class TlsTest {

    private static final String ZED = "zed: {pool: cache, db: 4, tls-identity: CN=zed}";

    private static TestCertificates certificates;
    private static RedisServer redis;
    private static Path liveCert;
    private static Path liveKey;
    private static RunningProxy proxy;

    @BeforeAll
    static void start() throws IOException {
        certificates = TestCertificates.create();
        redis = RedisServer.startTls(certificates, "--tls-auth-clients", "yes");
        Path dir = Files.createTempDirectory("rkproxy-tls-live-");
        liveCert = dir.resolve("server.pem");
        liveKey = dir.resolve("server.key");
        install(certificates.server());
        proxy = RunningProxy.start(config("""
                port: 0
                cert-file: %s
                key-file: %s
                ca-file: %s
                client-auth: optional
                reload-check-ms: 100
                """.formatted(liveCert, liveKey, certificates.caFile()), certificates.caFile()));
    }

    /**
     * A proxy whose TLS listener has {@code tls}, in front of the TLS Redis, whose certificate it verifies against
     * {@code backendCa} and which it shows a client certificate of its own; alice and the admin ops authenticate with a
     * password, bob and zed with a certificate's CN, carol with its URI.
     */
    private static String config(String tls, Path backendCa) {
        TestCertificates.Issued backendClient = certificates.issueClient("rkproxy");
        return """
                server:
                  bind: 127.0.0.1
                  port: ${port}
                  tls:
                %s
                pools:
                  cache:
                    type: redis
                    nodes: ["%s"]
                    connect-timeout-ms: 500
                    response-timeout-ms: 1000
                    max-reconnect-backoff-ms: 200
                    tls: {ca-file: %s, cert-file: %s, key-file: %s}
                tenants:
                  alice: {password: alice-secret, pool: cache, db: 1}
                  bob: {pool: cache, db: 2, tls-identity: ["CN=bob", "DNS:bob.example"]}
                  carol: {pool: cache, db: 3, tls-identity: "URI:spiffe://test/carol"}
                  %s
                  ops: {password: ops-secret, pool: cache, db: 5, admin: true}
                """.formatted(tls.indent(4).stripTrailing(), redis.address(), backendCa, backendClient.cert(),
                backendClient.key(), ZED);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void redisCliWithTlsWritesThroughTheProxyToATlsOnlyRedis() throws Exception {
        assertEquals("OK", redisCli("SET", "cli:k", "tls-value"));
        assertEquals("tls-value", redisCli("GET", "cli:k"));
        // in alice's db of the backend, which asks every client for a certificate
        try (RespSocket direct = RespSocket.tls(redis.port(), certificates.trustingCa(
                certificates.issueClient("checker")))) {
            assertEquals("+OK", direct.call("SELECT", "1"));
            assertEquals("tls-value", direct.call("GET", "cli:k"));
        }
    }

    @Test
    void jedisWithSslWorksThroughTheProxy() {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", proxy.server().tlsPort()),
                DefaultJedisClientConfig.builder().ssl(true)
                        .sslSocketFactory(certificates.trustingCa().getSocketFactory())
                        .password("alice-secret").build())) {
            assertEquals("OK", jedis.set("jedis:k", "v"));
            assertEquals("v", jedis.get("jedis:k"));
            assertEquals(3, jedis.incrBy("jedis:n", 3));
        }
    }

    @Test
    void lettuceWithSslVerifiesTheProxyAndWorksThroughIt() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(proxy.server().tlsPort()).withSsl(true).withVerifyPeer(true)
                .withPassword("alice-secret".toCharArray()).build());
        client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                .trustManager(certificates.caFile().toFile()).build()).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertEquals("OK", connection.sync().set("lettuce:k", "v"));
            assertEquals("v", connection.sync().get("lettuce:k"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aPlainClientOnTheTlsPortIsClosedAndTlsClientsCarryOn() {
        try (RespSocket plain = new RespSocket(proxy.server().tlsPort())) {
            plain.timeout(5_000);
            plain.send("PING");
            assertTrue(plain.isClosedByServer(), "a plain client on the TLS port is closed");
        }
        try (RespSocket tls = RespSocket.tls(proxy.server().tlsPort(), certificates.trustingCa())) {
            assertEquals("+OK", tls.call("AUTH", "alice-secret"));
            assertEquals("+PONG", tls.call("PING"));
        }
        try (RespSocket plain = new RespSocket(proxy.port())) {
            assertEquals("+OK", plain.call("AUTH", "alice-secret"));
            assertEquals("+PONG", plain.call("PING"));
        }
    }

    @Test
    void aConnectionTheProxyEndsEndsWithATlsCloseNotify() throws Exception {
        // OpenSSL 3 reports a TLS connection that ends without close_notify as "unexpected eof while reading"
        String out = run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + proxy.server().tlsPort(),
                "-CAfile", certificates.caFile().toString(), "-quiet"), "AUTH alice-secret\r\nQUIT\r\n");
        assertTrue(out.contains("+OK\r\n+OK\r\n"), out);
        assertFalse(out.contains("unexpected eof"), out);
    }

    @Test
    void aReplacedCertificateServesNewConnectionsWhileOpenOnesKeepTheirs() throws InterruptedException {
        try (RespSocket before = RespSocket.tls(proxy.server().tlsPort(), certificates.trustingCa())) {
            assertEquals("+OK", before.call("AUTH", "alice-secret"));
            BigInteger oldSerial = serial(before);
            TestCertificates.Issued renewed = certificates.issueServer();
            replace(liveCert, renewed.cert());
            Thread.sleep(600); // six checks for changes
            assertEquals(oldSerial, serialOfNewConnection(), "a new certificate without its key is not served");
            replace(liveKey, renewed.key());
            Eventually.until(() -> serialOfNewConnection().equals(renewed.serial()),
                    "a new connection is shown the renewed certificate " + renewed.serial());
            assertEquals("+PONG", before.call("PING"));
            assertEquals(oldSerial, serial(before), "an open connection keeps the certificate it shook hands with");
        }
    }

    @Test
    void aClientCertificateNamedByATenantAuthenticatesWithoutAuth() {
        SSLContext bob = certificates.trustingCa(certificates.issueClient("bob"));
        try (RespSocket tls = RespSocket.tls(proxy.server().tlsPort(), bob)) {
            assertEquals("+OK", tls.call("SET", "cert:k", "bob's"));
            assertTrue(tls.call("CLIENT", "INFO").contains(" user=bob "));
            // AUTH still works, and moves the connection to the tenant it names
            assertEquals("+OK", tls.call("AUTH", "alice-secret"));
            assertEquals("(nil)", tls.call("GET", "cert:k"));
            // RESET goes back to a fresh connection's tenant: the certificate's
            assertEquals("+RESET", tls.call("RESET"));
            assertEquals("bob's", tls.call("GET", "cert:k"));
        }
        try (RespSocket direct = RespSocket.tls(redis.port(), bob)) {
            assertEquals("+OK", direct.call("SELECT", "2"));
            assertEquals("bob's", direct.call("GET", "cert:k"));
        }
    }

    @Test
    void aSubjectAlternativeNameNamesATenantToo() {
        SSLContext carol = certificates.trustingCa(certificates.issueClient("workload-7", "URI:spiffe://test/carol"));
        try (RespSocket tls = RespSocket.tls(proxy.server().tlsPort(), carol)) {
            assertTrue(tls.call("CLIENT", "INFO").contains(" user=carol "));
        }
    }

    @Test
    void aClientCertificateNoTenantNamesMustStillAuth() {
        SSLContext stranger = certificates.trustingCa(certificates.issueClient("mallory"));
        try (RespSocket tls = RespSocket.tls(proxy.server().tlsPort(), stranger)) {
            assertTrue(tls.call("GET", "cert:k").startsWith("-NOAUTH"));
            assertEquals("+OK", tls.call("AUTH", "alice-secret"));
        }
    }

    @Test
    void aCertificateWhoseOneRdnHoldsTwoTenantsCommonNamesMustAuth() {
        SSLContext both = certificates.trustingCa(certificates.issueClientWithSubject("/CN=zed+CN=bob"));
        try (RespSocket tls = RespSocket.tls(proxy.server().tlsPort(), both)) {
            assertTrue(tls.call("GET", "cert:k").startsWith("-NOAUTH"));
            assertEquals("+OK", tls.call("AUTH", "alice-secret"));
        }
    }

    @Test
    void aCertificateSessionWhoseIdentityMovedGoesOnUntilKillTenantStaleClosesIt() {
        SSLContext bob = certificates.trustingCa(certificates.issueClient("bob"));
        String zedHasBob = "zed: {pool: cache, db: 4, tls-identity: [CN=zed, CN=bob]}";
        try (RespSocket held = RespSocket.tls(proxy.server().tlsPort(), bob);
             RespSocket ops = new RespSocket(proxy.port())) {
            assertEquals("+OK", ops.call("AUTH", "ops-secret"));
            assertEquals("+OK", held.call("SET", "moved:k", "bob's"));
            proxy.reload(yaml -> yaml.replace("[\"CN=bob\", ", "[").replace(ZED, zedHasBob));
            assertEquals("bob's", held.call("GET", "moved:k"), "a stale session goes on");
            assertEquals(":1", ops.call("PROXY", "KILL", "TENANT", "bob", "STALE"));
            assertEquals("-" + RespErrors.credentialRevoked("bob"), held.read());
            assertTrue(held.isClosedByServer());
            try (RespSocket again = RespSocket.tls(proxy.server().tlsPort(), bob)) {
                assertTrue(again.call("CLIENT", "INFO").contains(" user=zed "), "CN=bob is zed's now");
            }
        } finally {
            proxy.reload(yaml -> yaml.replace("tls-identity: [\"DNS:bob.example\"]",
                    "tls-identity: [\"CN=bob\", \"DNS:bob.example\"]").replace(zedHasBob, ZED));
        }
    }

    @Test
    void aClientCertificateFromAnotherCaFailsTheHandshakeOfThatConnectionOnly() {
        TestCertificates.Issued forged = TestCertificates.create().issueClient("bob");
        assertThrows(UncheckedIOException.class, () -> {
            try (RespSocket tls = RespSocket.tls(proxy.server().tlsPort(), certificates.trustingCa(forged))) {
                tls.call("PING");
            }
        });
        try (RespSocket tls = RespSocket.tls(proxy.server().tlsPort(), certificates.trustingCa())) {
            assertEquals("+OK", tls.call("AUTH", "alice-secret"));
        }
    }

    @Test
    void withThePlainPortOffOnlyTlsListens() {
        try (RunningProxy tlsOnly = RunningProxy.start(config(listener() + "\nplain: false", certificates.caFile()))) {
            assertEquals(-1, tlsOnly.port());
            try (RespSocket tls = RespSocket.tls(tlsOnly.server().tlsPort(), certificates.trustingCa())) {
                assertEquals("+OK", tls.call("AUTH", "alice-secret"));
                assertEquals("+OK", tls.call("SET", "only:k", "v"));
            }
        }
    }

    @Test
    void aPoolThatDoesNotTrustItsBackendsCertificateServesErrors() {
        try (RunningProxy distrusting = RunningProxy.start(config(listener(), TestCertificates.create().caFile()));
             RespSocket client = new RespSocket(distrusting.port())) {
            assertEquals("+OK", client.call("AUTH", "alice-secret"));
            String reply = client.call("SET", "untrusted:k", "v");
            assertTrue(reply.startsWith("-ERR backend pool 'cache' is unavailable"), reply);
        }
    }

    /** A TLS listener with the CA's first server certificate. */
    private static String listener() {
        return "port: 0\ncert-file: %s\nkey-file: %s".formatted(certificates.server().cert(),
                certificates.server().key());
    }

    private static BigInteger serialOfNewConnection() {
        try (RespSocket socket = RespSocket.tls(proxy.server().tlsPort(), certificates.trustingCa())) {
            return serial(socket);
        }
    }

    private static BigInteger serial(RespSocket socket) {
        try {
            return ((X509Certificate) socket.session().getPeerCertificates()[0]).getSerialNumber();
        } catch (SSLPeerUnverifiedException e) {
            throw new AssertionError(e);
        }
    }

    /** Puts {@code issued} where the proxy's config points. */
    private static void install(TestCertificates.Issued issued) {
        replace(liveKey, issued.key());
        replace(liveCert, issued.cert());
    }

    /** Replaces {@code live} with a copy of {@code with} the way deployment tools do: a new file renamed over it. */
    private static void replace(Path live, Path with) {
        try {
            Path temp = live.resolveSibling(live.getFileName() + ".tmp");
            Files.copy(with, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String redisCli(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("redis-cli", "--tls", "--cacert",
                certificates.caFile().toString(), "-h", "127.0.0.1", "-p", Integer.toString(proxy.server().tlsPort()),
                "-a", "alice-secret", "--no-auth-warning"));
        args.addAll(List.of(command));
        return run(args, "").strip();
    }

    /** Runs {@code command} with {@code input} on its standard input: what it printed, errors included. */
    private static String run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
