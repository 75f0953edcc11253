package io.rkproxy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.backend.BackendMetadata;
import io.rkproxy.core.command.AclCategory;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.net.Transport;
import io.rkproxy.testkit.RedisServer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetadataLoaderTest {

    @Test
    void loadsCommandMetadataAndVersionFromTheBackend() throws Exception {
        EventLoopGroup group = Transport.best().newGroup(1, "test");
        try (RedisServer redis = RedisServer.start()) {
            RedisConnector connector = new RedisConnector(RedisPoolProbeTest.pool(redis.port(), Optional.empty()),
                    Transport.of(group).socketChannel());
            BackendMetadata metadata = new MetadataLoader(connector, group.next(), new PoolHealth("cache"), m -> { })
                    .start().get(5, TimeUnit.SECONDS);

            assertTrue(metadata.version().startsWith("7."), metadata.version());
            assertTrue(metadata.commands().size() > 200);
            CommandSpec set = metadata.commands().get("set").orElseThrow();
            assertTrue(set.isWrite());
            assertEquals(1, set.firstKey());
            assertFalse(metadata.commands().get("get").orElseThrow().isWrite());
            CommandSpec config = metadata.commands().get("config").orElseThrow();
            assertTrue(config.subcommand("get").orElseThrow().inCategory(AclCategory.ADMIN));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
