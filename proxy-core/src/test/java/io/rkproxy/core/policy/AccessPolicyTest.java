package io.rkproxy.core.policy;

import static io.rkproxy.core.RespErrors.noPermission;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.command.RedisCommands;
import io.rkproxy.core.config.TestConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.CommandText;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final String ALLOWED = "allowed";

    private static final TenantConfig PLAIN = tenant();
    private static final TenantConfig EVERYTHING = tenant("commands: {allow: ['@all']}");
    private static final TenantConfig READ_ONLY = tenant("read-only: true");

    /** A tenant of a standalone pool with {@code settings} (YAML entries) besides its password, pool and db. */
    private static TenantConfig tenant(String... settings) {
        List<String> entries = new ArrayList<>(List.of("password: p", "pool: cache", "db: 1"));
        entries.addAll(List.of(settings));
        return TestConfig.load("""
                pools:
                  cache: {type: redis, nodes: ["127.0.0.1:6379"]}
                tenants:
                  t: {%s}
                """.formatted(String.join(", ", entries))).tenants().get("t");
    }

    /** What {@link AccessPolicy#check} says of {@code line} on a backend that confines the tenant to its db. */
    private static String check(TenantConfig tenant, String line) {
        return check(tenant, line, true);
    }

    private static String check(TenantConfig tenant, String line, boolean confinedToDb) {
        return judge(line, command -> AccessPolicy.check(tenant, RedisCommands.spec(command.name()), command,
                confinedToDb, false).orElse(ALLOWED));
    }

    /** What {@link AccessPolicy#check} says of {@code line} for the tenant of a dedicated pool. */
    private static String checkDedicated(TenantConfig tenant, String line) {
        return judge(line, command -> AccessPolicy.check(tenant, RedisCommands.spec(command.name()), command,
                true, true).orElse(ALLOWED));
    }

    private static String checkRules(TenantConfig tenant, String line) {
        return judge(line, command -> AccessPolicy.checkRules(tenant, RedisCommands.spec(command.name()), command)
                .orElse(ALLOWED));
    }

    private static String judge(String line, Function<RespCommand, String> policy) {
        RespCommand command = CommandText.parse(line);
        try {
            return policy.apply(command);
        } finally {
            command.release();
        }
    }

    private static boolean visible(TenantConfig tenant, String command) {
        return AccessPolicy.visible(tenant, RedisCommands.spec(command));
    }

    @Test
    void aTenantWithoutRulesRunsDataCommands() {
        assertEquals(ALLOWED, check(PLAIN, "GET k"));
        assertEquals(ALLOWED, check(PLAIN, "SET k v"));
        assertEquals(ALLOWED, check(PLAIN, "ZUNIONSTORE d 2 a b"));
    }

    @Test
    void serverWideCommandsAreRefusedEvenToATenantAllowedEverything() {
        for (TenantConfig tenant : new TenantConfig[] {PLAIN, EVERYTHING}) {
            assertEquals(noPermission("flushall"), check(tenant, "FLUSHALL"));
            assertEquals(noPermission("swapdb"), check(tenant, "SWAPDB 0 1"));
            assertEquals(noPermission("debug"), check(tenant, "DEBUG SLEEP 0"));
            assertEquals(noPermission("memory|doctor"), check(tenant, "MEMORY DOCTOR"));
        }
    }

    @Test
    void theRefusalOfAContainerNamesTheSubcommand() {
        assertEquals(noPermission("config|get"), check(EVERYTHING, "CONFIG GET maxmemory"));
        assertEquals(noPermission("config|set"), check(EVERYTHING, "CONFIG SET maxmemory 1"));
    }

    @Test
    void memoryUsageReadsOnlyTheTenantsOwnKey() {
        assertEquals(ALLOWED, check(PLAIN, "MEMORY USAGE k"));
    }

    @Test
    void adminCategoryIsRefusedOutsideTheServerCommandList() {
        assertEquals(noPermission("client|kill"), check(EVERYTHING, "CLIENT KILL ID 7"));
        assertEquals(noPermission("client|list"), check(EVERYTHING, "CLIENT LIST"));
    }

    @Test
    void readOnlyTenantIsRefusedWritesAndWritingScripts() {
        assertEquals(ALLOWED, check(READ_ONLY, "GET k"));
        assertEquals(noPermission("set"), check(READ_ONLY, "SET k v"));
        assertEquals(noPermission("blpop"), check(READ_ONLY, "BLPOP q 0"));
        assertEquals(noPermission("eval"), check(READ_ONLY, "EVAL return 0"));
        assertEquals(noPermission("fcall"), check(READ_ONLY, "FCALL f 0"));
        assertEquals(ALLOWED, check(READ_ONLY, "EVAL_RO return 0"));
        assertEquals(noPermission("function|load"), check(READ_ONLY, "FUNCTION LOAD code"));
    }

    @Test
    void scriptsRunOnlyWhereTheBackendConfinesTheTenant() {
        assertEquals(ALLOWED, check(PLAIN, "EVAL return 0", true));
        assertEquals("ERR 'eval' is not supported by rkproxy: scripts need the pool's tenant ACL user "
                + "(tenant-acl-user), which the backend did not accept", check(PLAIN, "EVAL return 0", false));
        assertEquals("ERR 'script' is not supported by rkproxy: scripts need the pool's tenant ACL user "
                + "(tenant-acl-user), which the backend did not accept", check(PLAIN, "SCRIPT LOAD x", false));
    }

    @Test
    void whatCannotBeKeptToTheTenantsOwnLibrariesIsRefusedWithTheReason() {
        assertEquals(noPermission("script|debug") + ": the debugger would take over a backend connection that other"
                + " sessions share", check(EVERYTHING, "SCRIPT DEBUG yes"));
        assertTrue(check(EVERYTHING, "FUNCTION DUMP").startsWith(noPermission("function|dump")
                + ": its payload would hold every tenant's libraries; only the tenant of a dedicated pool"));
        assertTrue(check(EVERYTHING, "FUNCTION RESTORE payload").startsWith(noPermission("function|restore")));
        for (String ownLibraries : List.of("FUNCTION LOAD code", "FUNCTION DELETE lib", "FUNCTION FLUSH",
                "FUNCTION LIST", "FUNCTION STATS", "SCRIPT LOAD x", "SCRIPT KILL", "FUNCTION KILL", "FCALL f 0")) {
            assertEquals(ALLOWED, check(PLAIN, ownLibraries), ownLibraries);
        }
    }

    @Test
    void theTenantOfADedicatedPoolGetsScriptAdministrationMemoryAndDebugButNotTheDebugger() {
        for (String line : List.of("FUNCTION DUMP", "FUNCTION RESTORE payload", "FUNCTION STATS", "FUNCTION FLUSH",
                "SCRIPT FLUSH", "MEMORY STATS", "MEMORY DOCTOR", "DEBUG SLEEP 0")) {
            assertEquals(ALLOWED, checkDedicated(PLAIN, line), line);
        }
        assertTrue(checkDedicated(PLAIN, "SCRIPT DEBUG yes").startsWith(noPermission("script|debug")));
        assertEquals(noPermission("swapdb"), checkDedicated(PLAIN, "SWAPDB 0 1"), "only what its own db sees");
        assertEquals(noPermission("function|restore"), checkDedicated(READ_ONLY, "FUNCTION RESTORE payload"));
    }

    @Test
    void denyByNameOrCategory() {
        TenantConfig tenant = tenant("commands: {deny: [del, '@dangerous']}");
        assertEquals(noPermission("del"), check(tenant, "DEL k"));
        assertEquals(noPermission("keys"), check(tenant, "KEYS *"));
        assertEquals(noPermission("sort"), check(tenant, "SORT l"));
        assertEquals(ALLOWED, check(tenant, "UNLINK k"));
        assertEquals(ALLOWED, check(tenant, "SCAN 0"));
    }

    @Test
    void anAllowListRunsOnlyWhatItNames() {
        TenantConfig tenant = tenant("commands: {allow: [get, '@list']}");
        assertEquals(ALLOWED, check(tenant, "GET k"));
        assertEquals(ALLOWED, check(tenant, "LPUSH l v"));
        assertEquals(ALLOWED, check(tenant, "BLPOP l 0"));
        assertEquals(noPermission("set"), check(tenant, "SET k v"));
        assertEquals(noPermission("hget"), check(tenant, "HGET h f"));
    }

    @Test
    void denyWinsOverAllow() {
        assertEquals(noPermission("set"), check(tenant("commands: {allow: ['@all'], deny: [set]}"), "SET k v"));
        assertEquals(noPermission("set"), check(tenant("commands: {allow: [set], deny: ['@write']}"), "SET k v"));
        assertEquals(noPermission("get"), check(tenant("commands: {allow: [get], deny: [get]}"), "GET k"));
    }

    @Test
    void aSubcommandIsNamedAloneOrThroughItsContainer() {
        TenantConfig one = tenant("commands: {allow: [get, 'pubsub|channels']}");
        assertEquals(ALLOWED, check(one, "PUBSUB CHANNELS *"));
        assertEquals(noPermission("pubsub|numsub"), check(one, "PUBSUB NUMSUB c"));

        TenantConfig container = tenant("commands: {allow: [get, pubsub]}");
        assertEquals(ALLOWED, check(container, "PUBSUB NUMSUB c"));

        TenantConfig denied = tenant("commands: {deny: ['script|load']}");
        assertEquals(noPermission("script|load"), check(denied, "SCRIPT LOAD x"));
        assertEquals(ALLOWED, check(denied, "SCRIPT EXISTS x"));
        assertEquals(noPermission("script|exists"), check(tenant("commands: {deny: [script]}"), "SCRIPT EXISTS x"));
    }

    @Test
    void theRulesAloneJudgeTheCommandsTheProxyAnswers() {
        TenantConfig tenant = tenant("read-only: true", "commands: {deny: [info, 'client|setname', '@admin']}");
        assertEquals(noPermission("info"), checkRules(tenant, "INFO"));
        assertEquals(noPermission("client|setname"), checkRules(tenant, "CLIENT SETNAME n"));
        assertEquals(noPermission("client|list"), checkRules(tenant, "CLIENT LIST"), "by the @admin category");
        assertEquals(ALLOWED, checkRules(tenant, "CLIENT ID"));
        assertEquals(ALLOWED, checkRules(PLAIN, "CLIENT LIST"), "CLIENT LIST is the proxy's own, of the tenant's");
    }

    @Test
    void commandListingsShowWhatTheTenantCouldRun() {
        assertTrue(visible(PLAIN, "get"));
        assertTrue(visible(PLAIN, "script"), "a container whose administration subcommands are refused");
        assertFalse(visible(EVERYTHING, "config"));
        assertFalse(visible(EVERYTHING, "flushall"));
        assertFalse(visible(EVERYTHING, "debug"), "in the server list and in @admin");

        assertTrue(visible(READ_ONLY, "get"));
        assertFalse(visible(READ_ONLY, "set"));

        TenantConfig rules = tenant("commands: {allow: ['@read', del], deny: [keys]}");
        assertTrue(visible(rules, "get"));
        assertTrue(visible(rules, "del"));
        assertFalse(visible(rules, "keys"));
        assertFalse(visible(rules, "set"));
    }
}
