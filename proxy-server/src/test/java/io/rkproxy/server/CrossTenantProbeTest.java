package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation over the backend's whole COMMAND table ({@link CrossTenantProbe}): on a standalone pool (each
 * tenant its db) and on a cluster pool (each tenant its key prefix), the attacker sends every generated form of
 * every command, every way, and the victim's data is read on the backend directly. A command a new Redis version
 * adds is probed without anyone writing a test. Fails on any breach {@link KnownBreaches} does not list; a control
 * run shows that every check catches an attacker the proxy does not confine.
 */
class CrossTenantProbeTest {

    private static final String BACKEND_PASSWORD = "backend-secret";
    private static final String SERVER = """
            server:
              bind: 127.0.0.1
              port: ${port}
              io-threads: 1
              auth-max-failures: 1000000
            """;
    private static final ProbeTenant STANDALONE_ATTACKER = new ProbeTenant("alice", "alice-secret", 5, "");
    private static final ProbeTenant STANDALONE_VICTIM = new ProbeTenant("bob", "bob-secret", 9, "");

    /** A run of the probe against a started proxy and backend. */
    private interface ProbeRun {
        void against(RunningProxy proxy, Backend backend);
    }

    @Test
    void standalonePool() {
        onStandalonePool((proxy, backend) -> {
            ProbeReport report = probe(PoolKind.STANDALONE, proxy, backend, STANDALONE_ATTACKER, STANDALONE_VICTIM,
                    backend.commands(), resp3 -> ProbeConnection.login(proxy.port(), "alice-secret", resp3));
            assertNoOpenBreach(PoolKind.STANDALONE, report);
        });
    }

    @Test
    void clusterPool() {
        ProbeTenant attacker = new ProbeTenant("alice", "alice-secret", -1, "alice:");
        ProbeTenant victim = new ProbeTenant("bob", "bob-secret", -1, "bob:");
        try (RedisCluster cluster = RedisCluster.start(3, 0);
             RunningProxy proxy = RunningProxy.start(SERVER + """
                     pools:
                       big: {type: redis-cluster, nodes: ["%s"]}
                     tenants:
                       alice: {password: alice-secret, pool: big}
                       bob: {password: bob-secret, pool: big}
                     """.formatted(cluster.seedAddresses().get(0)));
             Backend backend = new ClusterBackend(cluster, attacker, victim)) {
            ProbeReport report = probe(PoolKind.CLUSTER, proxy, backend, attacker, victim, backend.commands(),
                    resp3 -> ProbeConnection.login(proxy.port(), "alice-secret", resp3));
            assertNoOpenBreach(PoolKind.CLUSTER, report);
        }
    }

    /**
     * The probe's checks can fail: an attacker that is the backend's own user in the victim's db, which the proxy
     * does not stand in front of, is caught by each of them.
     */
    @Test
    void everyCheckCatchesAnAttackerTheProxyDoesNotConfine() {
        onStandalonePool((proxy, backend) -> {
            Set<String> probed = Set.of("get", "keys", "del", "publish", "subscribe", "info");
            List<ProbedCommand> commands = backend.commands().stream().filter(c -> probed.contains(c.name())).toList();
            ProbeReport report = probe(PoolKind.STANDALONE, proxy, backend, STANDALONE_ATTACKER, STANDALONE_VICTIM,
                    commands, resp3 -> {
                        ProbeConnection unconfined = ProbeConnection.login(backend.port(), BACKEND_PASSWORD, resp3);
                        unconfined.expect("+OK", "SELECT", Integer.toString(STANDALONE_VICTIM.db()));
                        return unconfined;
                    });
            Map<String, Set<String>> caught = new TreeMap<>();
            for (Breach breach : report.breaches()) {
                caught.computeIfAbsent(check(breach), c -> new TreeSet<>()).add(breach.command());
            }
            assertEquals(Map.of(
                    "a reply held the victim's secret", Set.of("get", "keys"),
                    "a reply listed the backend's keyspace", Set.of("info"),
                    "the backend changed", Set.of("del"),
                    "the victim's own read changed", Set.of("del"),
                    "the victim's subscriber got a message", Set.of("publish"),
                    "a message left the attacker's channels", Set.of("publish"),
                    "a subscription heard the victim's channels", Set.of("subscribe"),
                    // not after DEL, whose forms deleted the key the script reads
                    "a script after the forms left the db", Set.of("get", "info", "keys", "publish", "subscribe")),
                    caught);
        });
    }

    /** Which of the probe's checks reported a breach. */
    private static String check(Breach breach) {
        String what = breach.what();
        if (breach.form().startsWith("(on the same connection")) {
            return "a script after the forms left the db";
        }
        if (breach.form().endsWith("(then messages published on the victim's channels)")) {
            return "a subscription heard the victim's channels";
        }
        if (what.startsWith("the reply holds the victim's secret")) {
            return "a reply held the victim's secret";
        }
        if (what.startsWith("the reply lists the backend's keyspace")) {
            return "a reply listed the backend's keyspace";
        }
        if (what.startsWith("on the backend:")) {
            return "the backend changed";
        }
        if (what.startsWith("the victim's GET")) {
            return "the victim's own read changed";
        }
        if (what.startsWith("the victim's subscriber got")) {
            return "the victim's subscriber got a message";
        }
        if (what.startsWith("the backend carried a message")) {
            return "a message left the attacker's channels";
        }
        return what;
    }

    private static void onStandalonePool(ProbeRun run) {
        try (RedisServer redis = RedisServer.start("--requirepass", BACKEND_PASSWORD);
             RunningProxy proxy = RunningProxy.start(SERVER + """
                     pools:
                       cache: {type: redis, nodes: ["%s"], password: %s}
                     tenants:
                       alice: {password: alice-secret, pool: cache, db: 5}
                       bob: {password: bob-secret, pool: cache, db: 9}
                     """.formatted(redis.address(), BACKEND_PASSWORD));
             Backend backend = new StandaloneBackend(redis, BACKEND_PASSWORD, STANDALONE_ATTACKER,
                     STANDALONE_VICTIM)) {
            run.against(proxy, backend);
        }
    }

    private static ProbeReport probe(PoolKind kind, RunningProxy proxy, Backend backend, ProbeTenant attacker,
                                     ProbeTenant victim, List<ProbedCommand> commands,
                                     CrossTenantProbe.AttackerLogin login) {
        try (CrossTenantProbe probe = new CrossTenantProbe(kind, proxy.port(), backend, attacker, victim, login)) {
            probe.setUp();
            return probe.run(commands);
        }
    }

    private static void assertNoOpenBreach(PoolKind kind, ProbeReport report) {
        List<Breach> open = report.breaches().stream().filter(b -> KnownBreaches.covering(kind, b) == null).toList();
        System.out.println(report.summary(report.breaches().size() - open.size()));
        report.timeouts().forEach(t -> System.out.println("  timed out: " + t));
        for (Breach breach : report.breaches()) {
            KnownBreaches.Entry known = KnownBreaches.covering(kind, breach);
            System.out.println("  " + (known == null ? "BREACH: " : "known open breach " + known.name() + ": ")
                    + breach);
        }
        assertTrue(open.isEmpty(), open.size() + " breaches of tenant isolation on the " + kind.label() + " pool:\n"
                + open.stream().map(Breach::toString).collect(Collectors.joining("\n")));
        assertTrue(report.commands() >= 200, "the backend's COMMAND table was read: " + report.commands());
        assertTrue(report.answeredCommands() * 2 >= report.commands(), "the forms reach the backend: some form of "
                + report.answeredCommands() + " of " + report.commands() + " commands was answered without an error");
    }
}
