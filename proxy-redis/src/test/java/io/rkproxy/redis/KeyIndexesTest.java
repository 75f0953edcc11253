package io.rkproxy.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.command.CommandTable;
import io.rkproxy.core.net.Transport;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.testkit.RedisServer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Key positions come from the real backend's COMMAND key specs, as Redis itself finds them. */
class KeyIndexesTest {

    static CommandTable commands;

    @BeforeAll
    static void loadMetadata() throws Exception {
        EventLoopGroup group = Transport.best().newGroup(1, "test");
        try (RedisServer redis = RedisServer.start()) {
            RedisConnector connector = new RedisConnector(RedisPoolProbeTest.pool(redis.port(), Optional.empty()),
                    Transport.of(group).socketChannel());
            commands = new MetadataLoader(connector, group.next(), new PoolHealth("cache"), m -> { })
                    .start().get(5, TimeUnit.SECONDS).commands();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void forget() {
        commands = null;
    }

    private static int[] keys(String... args) {
        RespCommand command = RespCommand.of(args);
        try {
            return commands.get(command.name()).orElseThrow().resolve(command).keyIndexes(command);
        } finally {
            command.release();
        }
    }

    @Test
    void singleKeyAndKeyValuePairs() {
        assertArrayEquals(new int[] {1}, keys("GET", "k"));
        assertArrayEquals(new int[] {1, 3}, keys("MSET", "a", "1", "b", "2"));
        assertArrayEquals(new int[] {1, 2, 3}, keys("DEL", "a", "b", "c"));
        assertArrayEquals(new int[] {}, keys("PING"));
    }

    @Test
    void aKeyCountTheArgumentsDoNotHoldFindsNoKeysAsRedisFindsNone() {
        assertArrayEquals(new int[] {}, keys("SINTERCARD", "3", "a", "b"));
        assertArrayEquals(new int[] {}, keys("ZUNION", "4", "a", "b", "WITHSCORES"));
        assertArrayEquals(new int[] {2, 3}, keys("SINTERCARD", "2", "a", "b", "LIMIT", "1"));
    }

    @Test
    void keyCountGivenByAnArgument() {
        assertArrayEquals(new int[] {3, 4}, keys("EVAL", "return 1", "2", "k1", "k2", "arg"));
        assertArrayEquals(new int[] {2, 3}, keys("LMPOP", "2", "l1", "l2", "LEFT"));
        assertArrayEquals(new int[] {1, 3, 4}, keys("ZUNIONSTORE", "dst", "2", "s1", "s2", "WEIGHTS", "1", "2"));
    }

    @Test
    void keysAfterAKeyword() {
        assertArrayEquals(new int[] {4, 5}, keys("XREAD", "COUNT", "1", "STREAMS", "a", "b", "0", "0"));
        assertArrayEquals(new int[] {1, 7}, keys("GEORADIUS", "src", "0", "0", "1", "km", "STORE", "dst"));
        assertArrayEquals(new int[] {1}, keys("GEORADIUS", "src", "0", "0", "1", "km"));
    }

    @Test
    void subcommandKeysComeFromTheSubcommandsSpec() {
        assertArrayEquals(new int[] {2}, keys("OBJECT", "ENCODING", "k"));
        assertArrayEquals(new int[] {2}, keys("XINFO", "STREAM", "s"));
    }
}
