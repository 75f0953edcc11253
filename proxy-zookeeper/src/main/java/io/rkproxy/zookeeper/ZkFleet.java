package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.reload.Fleet;
import io.rkproxy.core.reload.FleetMember;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes registered under {@code <root>/nodes}: this one as an ephemeral znode that Curator recreates after a
 * session loss, the others as the cache sees them. This node is always a member, even while ZooKeeper is away.
 */
final class ZkFleet implements Fleet, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZkFleet.class);
    private static final String ADDRESS = "address";
    private static final String VERSION = "version";
    private static final String STARTED = "started";
    private static final String CONSOLE = "console";
    private static final Duration ANNOUNCE_WAIT = Duration.ofSeconds(30);

    private final CuratorCache cache;
    private final ZkPaths paths;
    private volatile FleetMember self;
    private final PersistentNode registration;

    ZkFleet(CuratorFramework client, CuratorCache cache, ZkPaths paths, FleetMember self) {
        this.cache = cache;
        this.paths = paths;
        this.self = self;
        this.registration = new PersistentNode(client, CreateMode.EPHEMERAL, false,
                ZKPaths.makePath(paths.nodes(), self.id()), registration(self));
        registration.start();
    }

    private static byte[] registration(FleetMember self) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(ADDRESS, self.address());
        data.put(VERSION, self.version());
        data.put(STARTED, self.startedAtMillis());
        if (!self.console().isEmpty()) {
            data.put(CONSOLE, self.console());
        }
        return ZkYaml.encode(data);
    }

    /**
     * Rewrites this node's registration with its console's address, in the background: the registration must have
     * been created first, and ZooKeeper may be slow.
     */
    @Override
    public void announceConsole(String address) {
        self = self.withConsole(address);
        byte[] data = registration(self);
        CompletableFuture.runAsync(() -> {
            try {
                if (!registration.waitForInitialCreate(ANNOUNCE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("fleet: this node is not registered after {} s; its console at {} is not announced",
                            ANNOUNCE_WAIT.toSeconds(), address);
                    return;
                }
                registration.setData(data);
            } catch (Exception e) {
                log.warn("fleet: cannot announce this node's console at {}: {}", address, e.getMessage());
            }
        });
    }

    @Override
    public List<FleetMember> members() {
        List<FleetMember> members = new ArrayList<>();
        cache.stream().filter(d -> ZKPaths.getPathAndNode(d.getPath()).getPath().equals(paths.nodes()))
                .map(ZkFleet::member).flatMap(Optional::stream)
                .filter(m -> !m.id().equals(self.id())).forEach(members::add);
        members.add(self);
        return members;
    }

    private static Optional<FleetMember> member(ChildData node) {
        String id = ZKPaths.getNodeFromPath(node.getPath());
        try {
            if (ZkYaml.decode(node.getPath(), node.getData()) instanceof Map<?, ?> m
                    && m.get(STARTED) instanceof Number started) {
                return Optional.of(new FleetMember(id, String.valueOf(m.get(ADDRESS)), String.valueOf(m.get(VERSION)),
                        started.longValue(), m.get(CONSOLE) instanceof String console ? console : ""));
            }
        } catch (ConfigException e) {
            // reported below
        }
        log.debug("fleet: znode {} is not a node registration; left out", node.getPath());
        return Optional.empty();
    }

    /** Removes this node's znode. */
    @Override
    public void close() {
        try {
            registration.close();
        } catch (IOException e) {
            log.debug("fleet: removing {}", registration.getActualPath(), e);
        }
    }
}
