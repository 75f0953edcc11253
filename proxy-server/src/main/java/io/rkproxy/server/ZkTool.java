package io.rkproxy.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.DbAssignmentStore;
import io.rkproxy.core.config.DbAssignments;
import io.rkproxy.core.config.ZnodeAcl;
import io.rkproxy.core.config.ZooKeeperAuth;
import io.rkproxy.redis.RedisPoolProbe;
import io.rkproxy.zookeeper.ConfigEntries;
import io.rkproxy.zookeeper.ZkClients;
import io.rkproxy.zookeeper.ZkConfigTree;
import io.rkproxy.zookeeper.ZkDbAssignmentStore;
import io.rkproxy.zookeeper.ZkPaths;
import io.rkproxy.zookeeper.ZkYaml;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rkproxy zk push|pull|set-tenant}: puts the pools and tenants of the ZooKeeper source in place and takes
 * them out. What is written is validated first, whole, as the proxies will validate it; nothing is written when it
 * fails. Exit codes: 0 done, 1 failed (ZooKeeper unreachable, I/O), 2 bad usage or invalid config.
 */
final class ZkTool {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;
    static final String USAGE = """
            usage: rkproxy zk push --config FILE --zk HOST:PORT --root PATH [--zk-auth-file FILE]
                   rkproxy zk pull --zk HOST:PORT --root PATH [--out FILE] [--zk-auth-file FILE]
                   rkproxy zk set-tenant NAME --file TENANT.yaml --zk HOST:PORT --root PATH [--zk-auth-file FILE]
              push        validates FILE and makes the pools and tenants under PATH exactly the file's
              pull        writes the pools and tenants under PATH as one YAML file (to stdout without --out)
              set-tenant  creates or replaces tenant NAME with TENANT.yaml (the tenant's own keys), after
                          validating the config it makes
              --zk-auth-file  a file holding user:password: authenticate with ZooKeeper's digest scheme, and
                          give the znodes written ACL digest:user:hash, so that only that user reads them
            """;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);
    private static final String ZK = "--zk";
    private static final String ROOT = "--root";
    private static final String AUTH_FILE = "--zk-auth-file";

    private final PrintStream out;

    private ZkTool(PrintStream out) {
        this.out = out;
    }

    /** From {@link Main}: runs and exits. Logging goes to stderr, warnings only, so stdout is the tool's output. */
    static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("name a command: push, pull or set-tenant");
            }
            ZkTool tool = new ZkTool(out);
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            switch (args[0]) {
                case "push" -> tool.push(ToolArgs.parse(rest, Set.of("--config", ZK, ROOT, AUTH_FILE)));
                case "pull" -> tool.pull(ToolArgs.parse(rest, Set.of(ZK, ROOT, "--out", AUTH_FILE)));
                case "set-tenant" -> tool.setTenant(ToolArgs.parse(rest, Set.of("--file", ZK, ROOT, AUTH_FILE)));
                case "--help", "-h" -> out.print(USAGE);
                default -> throw new UsageException("unknown command " + args[0]);
            }
            return OK;
        } catch (UsageException e) {
            err.println("rkproxy zk: " + e.getMessage());
            err.print(USAGE);
            return INVALID;
        } catch (ConfigException e) {
            err.println("rkproxy zk: invalid config; ZooKeeper left unchanged:\n  " + String.join("\n  ",
                    e.problems()));
            return INVALID;
        } catch (Exception e) {
            err.println("rkproxy zk: " + e.getMessage());
            return FAILED;
        }
    }

    private void push(ToolArgs args) throws Exception {
        args.positionals();
        Path file = Path.of(args.required("--config"));
        Object document = ConfigLoader.parse(file.toString(), read(file));
        try (Connection zk = Connection.open(args)) {
            zk.validate(file.toString(), document);
            report(zk.tree().replace(ConfigEntries.of(document)));
        }
    }

    private void pull(ToolArgs args) throws Exception {
        args.positionals();
        Optional<String> file = args.optional("--out");
        try (Connection zk = Connection.open(args)) {
            ConfigEntries entries = zk.tree().read();
            String yaml = ZkYaml.text(entries.document(Map.of()));
            if (file.isEmpty()) {
                out.print(yaml);
                return;
            }
            Files.writeString(Path.of(file.get()), yaml, StandardCharsets.UTF_8);
            out.println("wrote " + entries.pools().size() + " pools and " + entries.tenants().size()
                    + " tenants from " + zk.describe() + " to " + file.get());
        }
    }

    private void setTenant(ToolArgs args) throws Exception {
        String name = args.positionals("NAME").get(0);
        Path file = Path.of(args.required("--file"));
        Object tenant = ConfigLoader.parse(file.toString(), read(file));
        try (Connection zk = Connection.open(args)) {
            ConfigEntries next = zk.tree().read().withTenant(name, tenant);
            zk.validate(zk.describe() + " with " + file, next.document(Map.of()));
            report(zk.tree().putTenant(name, tenant));
        }
    }

    private void report(List<String> done) {
        if (done.isEmpty()) {
            out.println("nothing to change");
        }
        done.forEach(out::println);
    }

    private static String read(Path file) throws UsageException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A connected client and the root it works under. */
    private record Connection(CuratorFramework client, String connect, ZkPaths paths) implements AutoCloseable {

        static Connection open(ToolArgs args) throws UsageException, ConfigException, IOException,
                InterruptedException {
            String connect = args.required(ZK);
            String root = args.required(ROOT);
            try {
                PathUtils.validatePath(root);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--root must be an absolute znode path: " + e.getMessage());
            }
            Optional<String> authFile = args.optional(AUTH_FILE);
            Optional<ZooKeeperAuth> auth = authFile.isPresent()
                    ? Optional.of(ZooKeeperAuth.fromFile(Path.of(authFile.get()))) : Optional.empty();
            CuratorFramework client = ZkClients.start(connect, SESSION_TIMEOUT, auth, ZnodeAcl.defaultFor(auth));
            if (!ZkClients.awaitConnected(client, CONNECT_TIMEOUT)) {
                client.close();
                throw new IOException("cannot reach ZooKeeper at " + connect + " within "
                        + CONNECT_TIMEOUT.toSeconds() + " s");
            }
            return new Connection(client, connect, new ZkPaths(root));
        }

        String describe() {
            return "zookeeper " + connect + paths.root();
        }

        ZkConfigTree tree() {
            return new ZkConfigTree(client, paths);
        }

        /**
         * Validates as a proxy would, db assignments included, but writes nothing: the proxies assign dbs when
         * they load.
         */
        void validate(String source, Object document) throws Exception {
            DbAssignments current = new ZkDbAssignmentStore(client, paths).load();
            try (RedisPoolProbe probe = RedisPoolProbe.open()) {
                new ConfigLoader(probe).load(source, document, new ReadOnlyAssignments(current));
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private record ReadOnlyAssignments(DbAssignments assignments) implements DbAssignmentStore {

        @Override
        public DbAssignments load() {
            return assignments;
        }

        @Override
        public void save(DbAssignments ignored) {
        }
    }

    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.WARN);
            context.getLogger("org.apache.zookeeper").setLevel(Level.ERROR);
            context.getLogger("org.apache.curator").setLevel(Level.ERROR);
            root.iteratorForAppenders().forEachRemaining(appender -> {
                if (appender instanceof ConsoleAppender<?> console) {
                    console.stop();
                    console.setTarget("System.err");
                    console.start();
                }
            });
        }
    }
}
