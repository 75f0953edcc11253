package io.rkproxy.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.DbAssignments;
import io.rkproxy.core.config.ReadOnlyAssignments;
import io.rkproxy.core.config.ZnodeAcl;
import io.rkproxy.core.config.ZooKeeperAuth;
import io.rkproxy.redis.RedisPoolProbe;
import io.rkproxy.zookeeper.ConcurrentChangeException;
import io.rkproxy.zookeeper.ZkClients;
import io.rkproxy.zookeeper.ZkConfigTree;
import io.rkproxy.zookeeper.ZkDbAssignmentStore;
import io.rkproxy.zookeeper.ZkPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rkproxy zk push|diff|pull|set-tenant|delete-tenant}: puts the pools and tenants of the ZooKeeper source in
 * place and takes them out, one class per command. What is written is validated first, whole, as the proxies will
 * validate it, and written only on condition that ZooKeeper did not change meanwhile; nothing is written when
 * either fails.
 */
final class ZkTool {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;
    static final int DIFFERS = 3;
    static final int INCOMPLETE = 4;
    static final String USAGE = """
            usage: rkproxy zk push --config FILE [--force] CONNECTION
                   rkproxy zk diff --config FILE CONNECTION
                   rkproxy zk pull [--out FILE] CONNECTION
                   rkproxy zk set-tenant NAME --file TENANT.yaml CONNECTION
                   rkproxy zk delete-tenant NAME CONNECTION
              CONNECTION     --zk HOST:PORT --root PATH [--zk-auth-file FILE]: the ensemble, the root the proxies
                             read, and a file holding user:password: authenticate with ZooKeeper's digest scheme
                             and give the znodes written ACL digest:user:hash, so that only that user reads them
              push           validates FILE and makes the pools and tenants under PATH exactly the file's; refuses
                             to overwrite or delete what changed in ZooKeeper since FILE was pulled or last pushed
                             (its '# zk-base:' line, rewritten by each push), unless --force
              diff           prints what a push of FILE would change, per pool and tenant, passwords masked
              pull           writes the pools and tenants under PATH as one YAML file, headed by its
                             '# zk-base:' line (to stdout without --out); a broken znode is left out and named
              set-tenant     creates or replaces tenant NAME with TENANT.yaml, the tenant's own keys, all of
                             them: a key the file lacks is removed. Validates the config it makes first, lists
                             the keys it changed after; replacing a broken znode repairs it
              delete-tenant  deletes tenant NAME, after validating the config without it
            exit: 0 done, 1 failed (ZooKeeper unreachable, I/O), 2 bad usage, invalid config or refused (nothing
                  written), 3 diff found differences, 4 pull left out a broken znode (the rest is written)
            """;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);
    private static final String ZK = "--zk";
    private static final String ROOT = "--root";
    private static final String AUTH_FILE = "--zk-auth-file";

    private ZkTool() {
    }

    /** From {@link Main}: runs and exits. Logging goes to stderr, warnings only, so stdout is the tool's output. */
    static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("name a command: push, diff, pull, set-tenant or delete-tenant");
            }
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            return switch (args[0]) {
                case "push" -> new PushCommand(out, err).run(parse(rest, Set.of(PushCommand.FORCE), "--config"));
                case "diff" -> new DiffCommand(out, err).run(parse(rest, Set.of(), "--config"));
                case "pull" -> new PullCommand(out, err).run(parse(rest, Set.of(), "--out"));
                case "set-tenant" -> new TenantCommands(out).set(parse(rest, Set.of(), "--file"));
                case "delete-tenant" -> new TenantCommands(out).delete(parse(rest, Set.of()));
                case "--help", "-h" -> {
                    out.print(USAGE);
                    yield OK;
                }
                default -> throw new UsageException("unknown command " + args[0]);
            };
        } catch (UsageException e) {
            err.println("rkproxy zk: " + e.getMessage());
            err.print(USAGE);
            return INVALID;
        } catch (ConfigException e) {
            err.println("rkproxy zk: invalid config; ZooKeeper left unchanged:\n  " + String.join("\n  ",
                    e.problems()));
            return INVALID;
        } catch (Refusal e) {
            err.println("rkproxy zk: " + e.getMessage());
            return INVALID;
        } catch (ConcurrentChangeException e) {
            err.println("rkproxy zk: ZooKeeper changed meanwhile: " + e.getMessage() + "; run the command again");
            return INVALID;
        } catch (Exception e) {
            err.println("rkproxy zk: " + e.getMessage());
            return FAILED;
        }
    }

    /** A command's arguments: its own options, the connection's, and {@code flags}. */
    private static ToolArgs parse(List<String> args, Set<String> flags, String... options) throws UsageException {
        Set<String> known = new HashSet<>(List.of(options));
        known.addAll(List.of(ZK, ROOT, AUTH_FILE));
        return ToolArgs.parse(args, known, flags);
    }

    /** Prints what a write did, or that there was nothing to do. */
    static void report(PrintStream out, List<String> done) {
        if (done.isEmpty()) {
            out.println("nothing to change");
        }
        done.forEach(out::println);
    }

    /** A connected client and the root it works under. */
    record Connection(CuratorFramework client, String connect, ZkPaths paths) implements AutoCloseable {

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
