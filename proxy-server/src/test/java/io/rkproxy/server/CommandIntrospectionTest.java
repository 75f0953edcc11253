package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class CommandIntrospectionTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "writer: {password: w-secret, pool: cache, db: 1}",
            "reader: {password: r-secret, pool: cache, db: 1, read-only: true}");

    @Test
    void commandCountCountsOnlyWhatTheTenantMayRun() {
        try (RespSocket writer = proxy.login("w-secret"); RespSocket reader = proxy.login("r-secret")) {
            long writers = Long.parseLong(writer.call("COMMAND", "COUNT").substring(1));
            long readers = Long.parseLong(reader.call("COMMAND", "COUNT").substring(1));
            long backends = Long.parseLong(proxy.backendCall(1, "COMMAND", "COUNT").substring(1));
            assertTrue(readers < writers && writers < backends, readers + " < " + writers + " < " + backends);
        }
    }

    @Test
    void commandListListsEveryCommandOfTheBackendWithItsFiltersAsRedisDoes() {
        try (RespSocket reader = proxy.login("r-secret")) {
            Set<String> all = Set.of(reader.call("COMMAND", "LIST").split("\n"));
            assertEquals(Set.of(proxy.backendCall(1, "COMMAND", "LIST").split("\n")), all);
            assertTrue(all.contains("set") && all.contains("flushall") && all.contains("config"), all.toString());
            Set<String> admin = Set.of(reader.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "admin").split("\n"));
            assertTrue(admin.size() > 10 && admin.contains("config|set") && !admin.contains("get"), admin.toString());
            assertEquals("", reader.call("COMMAND", "LIST", "FILTERBY", "MODULE", "JSON"));
            assertTrue(Set.of(reader.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "a*").split("\n"))
                    .containsAll(Set.of("append", "auth", "acl")));
        }
    }

    @Test
    void commandInfoAndDocsHideWhatTheTenantMayNotRun() {
        try (RespSocket reader = proxy.login("r-secret")) {
            String info = reader.call("COMMAND", "INFO", "get", "set", "flushall");
            assertTrue(info.startsWith("get\n"), info);
            assertTrue(info.endsWith("(nil)\n(nil)"), info);
            String docs = reader.call("COMMAND", "DOCS", "get", "set");
            assertTrue(docs.startsWith("get\n") && !docs.contains("\nset\n"), docs);
        }
    }

    @Test
    void fullCommandReplyWorksForJedis() {
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
            jedis.auth("w-secret");
            Set<String> names = jedis.commandList().stream().collect(Collectors.toSet());
            assertTrue(names.contains("get") && names.contains("flushall"));
            assertTrue(jedis.commandCount() > 100);
            assertFalse(jedis.commandInfo("flushall").values().stream().anyMatch(i -> i != null));
        }
    }
}
