package io.rkproxy.bench.devstack;

import io.rkproxy.testkit.RedisServer;

/** A standalone redis-server (the testkit's: no persistence, a temporary directory) and a tenant on its db 1. */
final class RedisPart implements StackPart {

    private final RedisServer server;

    private RedisPart(RedisServer server) {
        this.server = server;
    }

    static RedisPart start(int port) {
        return new RedisPart(RedisServer.start(port));
    }

    @Override
    public String description() {
        return "redis-server on " + server.address();
    }

    @Override
    public void addTo(ConfigSnippet config) {
        config.pool("cache", description(), "type: redis", "nodes: [\"" + server.address() + "\"]");
        config.tenant("alice", "password: alice-secret", "pool: cache", "db: 1");
    }

    @Override
    public void close() {
        server.close();
    }
}
