package io.rkproxy.redis;

import io.netty.channel.EventLoop;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendMetadata;
import io.rkproxy.core.command.CommandTable;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the backend for {@code COMMAND} and its version, retrying until it answers. The proxy forwards nothing
 * before it knows what each command does.
 */
public final class MetadataLoader {

    private static final Logger log = LoggerFactory.getLogger(MetadataLoader.class);

    private final RedisConnector connector;
    private final EventLoop loop;
    private final Consumer<BackendMetadata> onLoaded;
    private final PoolHealth health;
    private final CompletableFuture<BackendMetadata> first = new CompletableFuture<>();
    private volatile boolean stopped;

    public MetadataLoader(RedisConnector connector, EventLoop loop, PoolHealth health, Consumer<BackendMetadata> onLoaded) {
        this.connector = connector;
        this.loop = loop;
        this.health = health;
        this.onLoaded = onLoaded;
    }

    /** Starts loading; the future completes on the first success, or fails with the first error. */
    public CompletableFuture<BackendMetadata> start() {
        attempt(ConnectionSlot.INITIAL_BACKOFF_MS);
        return first;
    }

    public void stop() {
        stopped = true;
    }

    private void attempt(long backoffMs) {
        if (stopped) {
            return;
        }
        Optional<TenantAclUser> aclUser = TenantAclUser.of(connector.pool());
        List<RespCommand> queries = new ArrayList<>(List.of(RespCommand.of("COMMAND"), RespCommand.of("INFO", "server")));
        aclUser.ifPresent(user -> queries.add(user.setUser()));
        BackendQuery.run(connector, loop, queries.toArray(RespCommand[]::new))
                .whenComplete((replies, error) -> {
                    if (error == null) {
                        try {
                            BackendMetadata metadata = parse(replies);
                            log.info("pool '{}': backend Redis {} with {} commands; tenants {}", connector.pool().name(),
                                    metadata.version(), metadata.commands().size(), metadata.tenantsConfined()
                                            ? "run as backend ACL users ('" + connector.pool().tenantAclUser().get()
                                                    + "'), confined to their own data"
                                            : "not confined by a backend ACL user: scripts are refused");
                            health.up(false);
                            onLoaded.accept(metadata);
                            first.complete(metadata);
                            return;
                        } catch (RuntimeException e) {
                            error = e;
                        }
                    }
                    health.down(error instanceof BackendUnavailableException ? error.getMessage()
                            : RespErrors.poolUnavailable(connector.pool().name(), error.getMessage()), false);
                    first.completeExceptionally(error);
                    long next = Math.min(backoffMs * 2, connector.pool().maxReconnectBackoff().toMillis());
                    loop.schedule(() -> attempt(next), backoffMs, TimeUnit.MILLISECONDS);
                });
    }

    static BackendMetadata parse(List<RespValue> replies) {
        if (replies.get(0) instanceof RespValue.Error e) {
            throw new IllegalStateException("COMMAND failed: " + e.text());
        }
        CommandTable commands = CommandTable.fromCommandReply(replies.get(0));
        String version = "unknown";
        if (!(replies.get(1) instanceof RespValue.Error)) {
            for (String line : replies.get(1).asText().split("\r\n")) {
                if (line.startsWith("redis_version:")) {
                    version = line.substring("redis_version:".length());
                }
            }
        }
        boolean confined = false;
        if (replies.size() > 2) {
            confined = !(replies.get(2) instanceof RespValue.Error);
            if (!confined) {
                log.warn("ACL SETUSER for the tenant user failed ({}): scripts stay refused on this pool",
                        ((RespValue.Error) replies.get(2)).text());
            }
        }
        return new BackendMetadata(commands, version, confined);
    }
}
