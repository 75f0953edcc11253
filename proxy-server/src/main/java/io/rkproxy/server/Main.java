package io.rkproxy.server;

import io.netty.util.ResourceLeakDetector;
import io.rkproxy.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rkproxy [--config FILE]}: runs the proxy in the foreground until SIGTERM or SIGINT.
 * {@code rkproxy zk ...}: the ZooKeeper tool, see {@link ZkTool}.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);
    static final Path DEFAULT_CONFIG = Path.of("conf", "rkproxy.yaml");
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("zk")) {
            ZkTool.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Path config = DEFAULT_CONFIG;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        usage("--config needs a file");
                    }
                    config = Path.of(args[++i]);
                }
                case "--version" -> {
                    System.out.println("rkproxy " + Version.current());
                    return;
                }
                case "--help", "-h" -> {
                    usage(null);
                    return;
                }
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (!Files.isRegularFile(config)) {
            log.error("config file not found: {}", config.toAbsolutePath());
            System.exit(2);
        }
        if (System.getProperty(LEAK_DETECTION) == null) {
            // Netty's default tracks one buffer in 128 and records a stack trace for each: a cost on every command.
            // The tests look for leaks; an operator chasing one sets -Dio.netty.leakDetection.level=simple.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        ProxyServer server;
        try {
            server = ProxyServer.start(config);
        } catch (ConfigException e) {
            log.error("invalid config, not starting:\n  {}", String.join("\n  ", e.problems()));
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "rkproxy-shutdown"));
        server.awaitClose();
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println("rkproxy: " + error);
        }
        System.err.println("usage: rkproxy [--config FILE] [--version]");
        System.err.println("       rkproxy zk push|diff|pull|set-tenant|delete-tenant ...   (rkproxy zk --help)");
        System.err.println("  --config FILE   the YAML config (default: " + DEFAULT_CONFIG + ")");
        if (error != null) {
            System.exit(2);
        }
    }
}
