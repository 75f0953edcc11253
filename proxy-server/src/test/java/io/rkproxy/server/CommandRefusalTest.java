package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandRefusalTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "writer: {password: w-secret, pool: cache, db: 1}",
            "reader: {password: r-secret, pool: cache, db: 1, read-only: true}");

    private static RespSocket as(String password) {
        return proxy.login(password);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "config|CONFIG SET maxmemory 1",
            "debug|DEBUG SLEEP 0",
            "shutdown|SHUTDOWN NOSAVE",
            "replicaof|REPLICAOF 127.0.0.1 1",
            "slaveof|SLAVEOF NO ONE",
            "save|SAVE",
            "bgsave|BGSAVE",
            "bgrewriteaof|BGREWRITEAOF",
            "failover|FAILOVER",
            "memory|MEMORY STATS",
            "acl|ACL SETUSER mallory on",
            "module|MODULE LOAD /tmp/m.so",
            "swapdb|SWAPDB 0 1"})
    void serverCommandsGetNopermNeverOk(String name, String commandLine) {
        try (RespSocket writer = as("w-secret")) {
            String reply = writer.call(commandLine.split(" "));
            assertTrue(reply.startsWith("-NOPERM this user has no permissions to run the '" + name),
                    commandLine + " -> " + reply);
        }
        assertEquals("+PONG", proxy.redis().call("PING"), "the backend is still up");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "set|SET k v",
            "del|DEL k",
            "incr|INCR n",
            "lpush|LPUSH l a",
            "hset|HSET h f v",
            "expire|EXPIRE k 10",
            "flushdb|FLUSHDB",
            "copy|COPY k k2",
            "rename|RENAME k k3"})
    void readOnlyTenantGetsNopermForEveryWrite(String name, String commandLine) {
        try (RespSocket reader = as("r-secret")) {
            assertEquals("-NOPERM this user has no permissions to run the '" + name + "' command",
                    reader.call(commandLine.split(" ")));
        }
    }

    @Test
    void readOnlyTenantReadsWhatTheWriterWrote() {
        try (RespSocket writer = as("w-secret"); RespSocket reader = as("r-secret")) {
            assertEquals("+OK", writer.call("SET", "k", "v"));
            assertEquals("v", reader.call("GET", "k"));
            assertEquals(":1", reader.call("EXISTS", "k"));
            assertEquals("string", reader.call("TYPE", "k").substring(1));
        }
    }

    @Test
    void unknownCommandGetsRedisText() {
        try (RespSocket writer = as("w-secret")) {
            assertEquals("-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' ",
                    writer.call("NOSUCH", "a", "b"));
        }
    }

    @Test
    void wrongArityComesFromTheBackend() {
        try (RespSocket writer = as("w-secret")) {
            assertEquals("-ERR wrong number of arguments for 'get' command", writer.call("GET"));
        }
    }

    @Test
    void resetWorksBeforeAuthAndForgetsTheTenant() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+RESET", c.call("RESET"));
            assertEquals("+OK", c.call("AUTH", "w-secret"));
            assertEquals("+RESET", c.call("RESET"));
            assertEquals("-NOAUTH Authentication required.", c.call("GET", "k"));
        }
    }
}
