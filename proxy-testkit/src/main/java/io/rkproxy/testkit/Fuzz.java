package io.rkproxy.testkit;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Checks a property on random cases for a bounded time. Each case gets a {@link Random} of its own seed, and a
 * failing case names that seed: {@code -Drkproxy.fuzz.seed=SEED} then runs that case alone. The time each property
 * gets is its default, or {@code -Drkproxy.fuzz.seconds=S} for longer runs.
 */
public final class Fuzz {

    public static final String SEED = "rkproxy.fuzz.seed";
    public static final String SECONDS = "rkproxy.fuzz.seconds";

    private Fuzz() {
    }

    /**
     * Runs {@code property} on cases until the time is up (at least one case); prints one line with the count.
     *
     * @return the number of cases run
     */
    public static long run(String name, double defaultSeconds, Consumer<Random> property) {
        String fixed = System.getProperty(SEED);
        if (fixed != null) {
            long seed = Long.parseLong(fixed);
            System.out.println("fuzz " + name + ": the one case of seed " + seed);
            runCase(name, seed, property);
            return 1;
        }
        double seconds = Double.parseDouble(System.getProperty(SECONDS, Double.toString(defaultSeconds)));
        long base = System.nanoTime() ^ System.currentTimeMillis() << 20;
        Random seeds = new Random(base);
        long started = System.nanoTime();
        long deadline = started + (long) (seconds * 1e9);
        long cases = 0;
        do {
            runCase(name, seeds.nextLong(), property);
            cases++;
        } while (System.nanoTime() < deadline);
        double took = (System.nanoTime() - started) / 1e9;
        System.out.printf("fuzz %s: %d cases in %.1f s (%.0f/s), case seeds from base seed %d%n",
                name, cases, took, cases / took, base);
        return cases;
    }

    private static void runCase(String name, long seed, Consumer<Random> property) {
        try {
            property.accept(new Random(seed));
        } catch (Throwable failure) {
            throw new AssertionError("fuzz " + name + " failed; rerun this case alone with -D" + SEED + "=" + seed
                    + ": " + failure, failure);
        }
    }
}
