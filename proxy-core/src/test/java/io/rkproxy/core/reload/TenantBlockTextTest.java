package io.rkproxy.core.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantBlockTextTest {

    private static final String FILE = """
            # shared cache; ask ops first
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}   # the only pool

            tenants:
              # alice owns db 1
              alice:
                password: alice-secret   # rotated in May
                pool: cache
                db: 1

              # bob reads alice's data
              bob: {password: bob-secret, pool: cache, db: 1, read-only: true}
            # end of tenants

            admin: {port: 8380}
            """;

    private static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> entry = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entry.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return entry;
    }

    @Test
    void replacingATenantChangesItsBlockOnlyAndKeepsEveryCommentAroundIt() throws ConfigException {
        String edited = TenantBlockText.with("test", FILE, "alice",
                entry("password-sha256", "ab12", "pool", "cache", "db", 2, "commands", entry("deny", List.of("@admin"))));

        assertEquals("""
                # shared cache; ask ops first
                pools:
                  cache: {type: redis, nodes: ["127.0.0.1:6379"]}   # the only pool

                tenants:
                  # alice owns db 1
                  alice:
                    password-sha256: ab12
                    pool: cache
                    db: 2
                    commands:
                      deny:
                      - '@admin'

                  # bob reads alice's data
                  bob: {password: bob-secret, pool: cache, db: 1, read-only: true}
                # end of tenants

                admin: {port: 8380}
                """, edited);
    }

    @Test
    void aNewTenantGoesAfterTheLastAndADeletedOnesLinesGo() throws ConfigException {
        String added = TenantBlockText.with("test", FILE, "carol", entry("password", "c", "pool", "cache"));
        assertTrue(added.contains("""
                  bob: {password: bob-secret, pool: cache, db: 1, read-only: true}
                  carol:
                    password: c
                    pool: cache
                # end of tenants
                """), added);

        String deleted = TenantBlockText.with("test", FILE, "alice", null);
        assertTrue(deleted.contains("""
                tenants:
                  # alice owns db 1

                  # bob reads alice's data
                  bob:"""), deleted);
        assertEquals(FILE.lines().count() - 4, deleted.lines().count());
    }

    @Test
    void aFileWithoutTenantsGetsTheSectionAndOneInFlowStyleIsRefused() throws ConfigException {
        assertEquals("server: {port: 1}\ntenants:\n  alice:\n    pool: cache\n",
                TenantBlockText.with("test", "server: {port: 1}", "alice", entry("pool", "cache")));
        ConfigException refused = assertThrows(ConfigException.class, () -> TenantBlockText.with("test",
                "tenants: {alice: {pool: cache}}\n", "alice", null));
        assertTrue(refused.getMessage().contains("flow style"), refused.getMessage());
    }

    @Test
    void aQuotedNameIsFoundAndWrittenAsYamlWantsIt() throws ConfigException {
        String file = "tenants:\n  \"team: blue\": {pool: cache}\n  red: {pool: cache}\n";
        assertEquals("tenants:\n  'team: blue':\n    pool: other\n  red: {pool: cache}\n",
                TenantBlockText.with("test", file, "team: blue", entry("pool", "other")));
    }

    @Test
    void aNameWrittenAsAKeyThatDoesNotReadBackIsRefused() {
        for (String name : List.of("a:b", "x#y")) {
            ConfigException refused = assertThrows(ConfigException.class, () -> TenantBlockText.with("test", FILE,
                    name, entry("pool", "cache")), name);
            assertTrue(refused.getMessage().contains("tenant name '" + name + "'"), refused.getMessage());
        }
    }
}
