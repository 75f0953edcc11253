package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server-wide commands a tenant gets as Redis Enterprise gives them to a database: FLUSHALL of its own data,
 * CONFIG GET with the values the
 * tenant lives under, ACL about the tenant alone, ROLE, LASTSAVE, MODULE LIST and the HELP texts; and what changes
 * the backend only for the tenant of a dedicated pool.
 */
class TenantServerCommandsTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1, max-connections: 40}",
            "bob: {password: bob-secret, pool: cache, db: 2, read-only: true}",
            "dora: {password: dora-secret, pool: solo, db: 3}")
            .withDedicatedPool("solo");

    @Test
    void flushallEmptiesTheTenantsDbAndNoOtherOne() {
        proxy.backendCall(2, "SET", "bobs", "data");
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("+OK", alice.call("SET", "a", "1"));
            assertEquals("+OK", alice.call("FLUSHALL"));
            assertEquals(":0", proxy.backendCall(1, "DBSIZE"));
            assertEquals("+OK", alice.call("SET", "a", "1"));
            assertEquals("+OK", alice.call("FLUSHALL", "SYNC"));
            assertEquals(":0", proxy.backendCall(1, "DBSIZE"));
            assertEquals("data", proxy.backendCall(2, "GET", "bobs"));
            assertTrue(bob.call("FLUSHALL").startsWith("-NOPERM"), "bob is read-only");
            assertEquals("data", proxy.backendCall(2, "GET", "bobs"));
        }
    }

    @Test
    void configGetAnswersWithTheValuesTheTenantLivesUnder() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            assertEquals("databases\n1", alice.call("CONFIG", "GET", "databases"));
            assertEquals("maxmemory-policy\n" + backend("CONFIG", "GET", "maxmemory-policy").split("\n")[1],
                    alice.call("CONFIG", "GET", "maxmemory-policy"));
            assertEquals("maxclients\n40", alice.call("CONFIG", "GET", "maxclients"));
            assertEquals("proto-max-bulk-len\n67108864", alice.call("CONFIG", "GET", "proto-max-bulk-len"));
            String save = alice.call("CONFIG", "GET", "save", "appendonly");
            assertTrue(save.contains("save\n") && save.contains("appendonly\n"), save);
        }
    }

    @Test
    void configGetLeavesOutWhereAndHowTheServerRuns() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            List<String> names = names(alice.call("CONFIG", "GET", "*"));
            assertTrue(names.contains("maxmemory") && names.contains("hash-max-listpack-entries"), names.toString());
            for (String hidden : List.of("dir", "dbfilename", "requirepass", "masterauth", "port", "bind", "logfile",
                    "aclfile")) {
                assertFalse(names.contains(hidden), hidden + " in " + names);
            }
            assertEquals("", alice.call("CONFIG", "GET", "requirepass"));
            assertEquals("", alice.call("CONFIG", "GET", "no-such-setting"));
        }
    }

    @Test
    void infoOnASharedPoolLeavesOutWhatCountsEveryTenant() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            String info = alice.call("INFO");
            assertTrue(info.contains("# Memory") && !info.contains("# Stats"), info);
        }
    }

    @Test
    void configSetOnASharedPoolIsRefusedAndTheBackendKeepsItsSetting() {
        String before = backend("CONFIG", "GET", "maxmemory-samples");
        try (RespSocket alice = proxy.login("alice-secret")) {
            String reply = alice.call("CONFIG", "SET", "maxmemory-samples", "9");
            assertTrue(reply.startsWith("-NOPERM this user has no permissions to run the 'config|set' command: it"
                    + " changes the backend") && reply.contains("dedicated"), reply);
            assertTrue(alice.call("CONFIG", "RESETSTAT").startsWith("-NOPERM"));
        }
        assertEquals(before, backend("CONFIG", "GET", "maxmemory-samples"));
    }

    @Test
    void theTenantOfADedicatedPoolChangesItsBackendsConfig() {
        RedisServer own = proxy.dedicatedRedis();
        String before = own.call("CONFIG", "GET", "maxmemory-samples").split("\n")[1];
        try (RespSocket dora = proxy.login("dora-secret")) {
            assertEquals("+OK", dora.call("CONFIG", "SET", "maxmemory-samples", "9"));
            assertEquals("maxmemory-samples\n9", own.call("CONFIG", "GET", "maxmemory-samples"));
            assertTrue(names(dora.call("CONFIG", "GET", "*")).contains("dir"), "a dedicated pool reads everything");
            assertTrue(dora.call("INFO").contains("# Stats"), "and its backend's whole INFO");
            assertEquals("+OK", dora.call("CONFIG", "SET", "maxmemory-samples", before));
        }
    }

    @Test
    void redisBenchmarkReadsTheServerConfigThroughTheProxy() throws Exception {
        Process run = new ProcessBuilder("redis-benchmark", "-p", Integer.toString(proxy.port()), "-a",
                "alice-secret", "-c", "2", "-n", "100", "-t", "ping").redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), output);
        assertFalse(output.contains("Could not fetch server CONFIG"), output);
    }

    @Test
    void aclShowsTheTenantAsTheOnlyUser() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("alice", alice.call("ACL", "WHOAMI"));
            assertEquals("alice", alice.call("ACL", "USERS"));
            assertEquals("user alice on ~* &* +@all", alice.call("ACL", "LIST"));
            assertEquals("user bob on ~* &* +@all -@write", bob.call("ACL", "LIST"));
            assertTrue(alice.call("ACL", "CAT").contains("keyspace"));
            assertEquals(64, alice.call("ACL", "GENPASS").length());
        }
    }

    @Test
    void aclCannotReadOrChangeTheBackendsUsers() {
        String usersBefore = backend("ACL", "USERS");
        try (RespSocket alice = proxy.login("alice-secret")) {
            for (String[] command : List.of(new String[] {"ACL", "SETUSER", "mallory", "on", ">pw", "+@all"},
                    new String[] {"ACL", "LOG"},
                    new String[] {"ACL", "DELUSER", "default"})) {
                String reply = alice.call(command);
                assertTrue(reply.startsWith("-NOPERM this user has no permissions to run the 'acl|"
                        + command[1].toLowerCase() + "' command: a tenant's password"), reply);
            }
        }
        assertEquals(usersBefore, backend("ACL", "USERS"));
    }

    @Test
    void roleLastsaveModuleListAndHelpTextsAnswer() throws IOException {
        try (RespSocket alice = proxy.login("alice-secret")) {
            assertEquals("master\n:0\n", alice.call("ROLE"));
            assertTrue(alice.call("LASTSAVE").matches(":\\d+"));
            assertFalse(alice.call("MODULE", "LIST").startsWith("-"));
            for (String container : List.of("CONFIG", "ACL", "MODULE", "SLOWLOG", "LATENCY", "MEMORY", "CLIENT")) {
                String help = alice.call(container, "HELP");
                assertTrue(help.contains("HELP"), container + " HELP: " + help);
            }
            assertEquals("-ERR This instance has cluster support disabled", alice.call("CLUSTER", "INFO"),
                    "a standalone pool answers as a standalone Redis");
            assertTrue(alice.call("MODULE", "LOAD", "/tmp/x.so").startsWith("-NOPERM"));
        }
    }

    private static String backend(String... args) {
        return proxy.backendCall(0, args);
    }

    /** The setting names of a CONFIG GET reply, as RespText renders it. */
    private static List<String> names(String reply) {
        String[] lines = reply.split("\n");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            names.add(lines[i]);
        }
        return names;
    }
}
