package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server and a real rkproxy in front of it, shared by the tests of one class:
 * {@code @RegisterExtension static final ProxyExtension proxy = new ProxyExtension("alice: {...}")}.
 */
final class ProxyExtension implements BeforeAllCallback, AfterAllCallback {

    private final String[] tenants;
    private UnaryOperator<String> configEdit = UnaryOperator.identity();
    private final Map<String, String> morePools = new LinkedHashMap<>();
    private String[] redisArgs = {};
    private RedisServer redis;
    private String dedicatedPool;
    private RedisServer dedicatedRedis;
    private RunningProxy proxy;

    ProxyExtension(String... tenants) {
        this.tenants = tenants;
    }

    /** Adjusts the generated YAML before the proxy starts, e.g. to add server keys. */
    ProxyExtension withConfig(UnaryOperator<String> edit) {
        this.configEdit = edit;
        return this;
    }

    /** Adds {@code key: value} lines to the {@code server:} section. */
    ProxyExtension withServerKeys(String lines) {
        return withConfig(yaml -> RunningProxy.withServerKeys(yaml, lines));
    }

    /** Adds an {@code admin:} section, given as YAML flow text, on top of any earlier edit. */
    ProxyExtension withAdmin(String flow) {
        UnaryOperator<String> earlier = configEdit;
        return withConfig(yaml -> "admin: " + flow + "\n" + earlier.apply(yaml));
    }

    /** Adds another redis pool in front of the same redis-server, with more pool keys as YAML flow entries. */
    ProxyExtension withPoolOnTheSameServer(String name, String keys) {
        morePools.put(name, keys);
        return this;
    }

    /**
     * Adds a pool marked {@code dedicated} in front of a redis-server of its own (started with the same options): a
     * dedicated pool's Redis may be named by no other pool.
     */
    ProxyExtension withDedicatedPool(String name) {
        dedicatedPool = name;
        return this;
    }

    /** Starts the redis-server with these options, e.g. {@code "--enable-debug-command", "yes"}. */
    ProxyExtension withRedisArgs(String... args) {
        this.redisArgs = args;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisServer.start(redisArgs);
        String yaml = RunningProxy.config(redis.address(), tenants);
        for (Map.Entry<String, String> pool : morePools.entrySet()) {
            yaml = yaml.replace("tenants:\n", "  " + pool.getKey() + ": {type: redis, nodes: [\"" + redis.address()
                    + "\"], " + pool.getValue() + "}\ntenants:\n");
        }
        if (dedicatedPool != null) {
            dedicatedRedis = RedisServer.start(redisArgs);
            yaml = yaml.replace("tenants:\n", "  " + dedicatedPool + ": {type: redis, nodes: [\""
                    + dedicatedRedis.address() + "\"], dedicated: true}\ntenants:\n");
        }
        proxy = RunningProxy.start(configEdit.apply(yaml));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (dedicatedRedis != null) {
            dedicatedRedis.close();
        }
    }

    int port() {
        return proxy.port();
    }

    /** The console's port, or -1 without an {@code admin:} section. */
    int adminPort() {
        return proxy.adminPort();
    }

    java.nio.file.Path configFile() {
        return proxy.configFile();
    }

    io.rkproxy.core.runtime.ProxyRuntime runtime() {
        return proxy.server().runtime();
    }

    /** See {@link RunningProxy#reload}. */
    void reload(UnaryOperator<String> change) {
        proxy.reload(change);
    }

    RedisServer redis() {
        return redis;
    }

    /** The redis-server of the pool {@link #withDedicatedPool} added. */
    RedisServer dedicatedRedis() {
        return dedicatedRedis;
    }

    /** A raw connection, authenticated with {@code AUTH password}. */
    RespSocket login(String password) {
        RespSocket c = new RespSocket(proxy.port());
        assertEquals("+OK", c.call("AUTH", password));
        return c;
    }

    /** A command straight to the backend, in one of its dbs. */
    String backendCall(int db, String... args) {
        try (RespSocket c = new RespSocket(redis.port())) {
            assertEquals("+OK", c.call("SELECT", Integer.toString(db)));
            return c.call(args);
        }
    }
}
