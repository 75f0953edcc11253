package io.rkproxy.bench.devstack;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * scripts/devstack.sh: starts ZooKeeper, a Kafka broker with topics, a 3-master Redis Cluster and a redis-server on
 * chosen ports ({@link StackOptions#USAGE}), prints on stdout the rkproxy config to paste for them, and runs until
 * SIGINT or SIGTERM, when it stops everything it started. Progress goes to stderr. Exits 1 when a part does not
 * start (having stopped those that did), 2 on bad arguments.
 */
public final class DevStack {

    /** The last line printed on stdout once everything runs. */
    static final String RUNNING = "# devstack: running; Ctrl-C stops everything it started.";

    private DevStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(StackOptions.USAGE);
            return;
        }
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("devstack: " + e.getMessage() + "\n" + StackOptions.USAGE);
            System.exit(2);
            return;
        }
        Stack stack;
        try {
            stack = Stack.start(options, DevStack::progress);
        } catch (RuntimeException e) {
            System.err.println("devstack: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "devstack-stop"));
        System.out.println();
        System.out.print(stack.config());
        System.out.println(RUNNING);
        System.out.flush();
        new CountDownLatch(1).await(); // until a signal runs the shutdown hook
    }

    private static void progress(String line) {
        System.err.println("devstack: " + line);
    }
}
