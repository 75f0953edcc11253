package io.rkproxy.bench;

import io.rkproxy.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Kafka broker for scripts/bench.sh: starts the testkit's single-node KRaft broker (a child JVM running
 * {@code kafka.Kafka} from this classpath's kafka_2.13 jars, data in a temporary directory), creates the topics
 * given as {@code --topic name:partitions} (repeatable), prints {@code bootstrap=127.0.0.1:<port>} and
 * {@code dir=<broker directory>} on stdout, then runs until it gets SIGTERM or SIGINT or until the process that
 * started it exits (a script started in the background has no stdin to watch, and one killed with SIGKILL runs no
 * trap), and then kills the broker and deletes its directory. Exits 1 when the broker does not start, 2 on bad
 * arguments.
 */
public final class KafkaBenchBroker {
    private static final String USAGE = "usage: KafkaBenchBroker --topic name:partitions [--topic ...]";

    private KafkaBenchBroker() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].equals("--topic") || i + 1 == args.length) {
                usage("bad argument " + args[i]);
            }
            String[] topic = args[i + 1].split(":");
            try {
                if (topic.length != 2 || topic[0].isEmpty() || Integer.parseInt(topic[1]) < 1) {
                    usage("bad topic " + args[i + 1]);
                }
            } catch (NumberFormatException e) {
                usage("bad topic " + args[i + 1]);
            }
            names.add(topic[0]);
            partitions.add(Integer.parseInt(topic[1]));
        }
        if (names.isEmpty()) {
            usage("no --topic");
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start();
            for (int i = 0; i < names.size(); i++) {
                broker.createTopic(names.get(i), partitions.get(i));
            }
        } catch (RuntimeException e) {
            System.err.println("KafkaBenchBroker: " + e.getMessage());
            System.exit(1);
            return;
        }
        // On SIGTERM, SIGINT or System.exit, KafkaBroker's shutdown hook kills the broker and deletes its directory.
        System.err.printf("KafkaBenchBroker: broker on %s, topics %s with %s partitions (log: %s)%n",
                broker.bootstrap(), names, partitions, broker.dir().resolve("kafka.log"));
        System.out.println("bootstrap=" + broker.bootstrap());
        System.out.println("dir=" + broker.dir());
        System.out.flush();
        while (parent.map(ProcessHandle::isAlive).orElse(true)) {
            Thread.sleep(500);
        }
        System.err.println("KafkaBenchBroker: parent process gone, stopping the broker");
        System.exit(0);
    }

    private static void usage(String problem) {
        System.err.println("KafkaBenchBroker: " + problem + "\n" + USAGE);
        System.exit(2);
    }
}
