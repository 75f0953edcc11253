package io.rkproxy.server;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * An operator's tooling changing tenants in ZooKeeper without pause: it rotates the password of tenant
 * {@code rotating} and now and then adds a tenant, retrying each write until ZooKeeper takes it. What it wrote last
 * is what every node must serve in the end; ask it once {@link #stop()} returned.
 */
final class TenantChurn {

    static final String ROTATING = "rotating";
    private static final int ADD_EVERY = 5;
    private static final long PAUSE_MS = 50;
    private static final long RETRY_MS = 200;

    private final ZooKeeperFleet fleet;
    private final Thread thread;
    private final Set<String> tenants = new TreeSet<>();
    private volatile boolean running = true;
    private int writes;
    private int refused;
    private String password;
    private String added;

    private TenantChurn(ZooKeeperFleet fleet, Set<String> unchanged) {
        this.fleet = fleet;
        this.tenants.addAll(unchanged);
        this.tenants.add(ROTATING);
        this.thread = new Thread(this::churn, "tenant-churn");
    }

    /** Starts changing tenants under the fleet's root; {@code unchanged} are the tenants it leaves alone. */
    static TenantChurn start(ZooKeeperFleet fleet, Set<String> unchanged) {
        TenantChurn churn = new TenantChurn(fleet, unchanged);
        churn.thread.start();
        return churn;
    }

    private void churn() {
        for (int i = 1; running; i++) {
            write(ROTATING, "{password: " + rotated(i) + ", pool: cache, db: 2}");
            password = rotated(i);
            if (i % ADD_EVERY == 0) {
                add("added" + i);
            }
            sleep(PAUSE_MS);
        }
    }

    private void add(String name) {
        write(name, "{password: " + name + "-secret, pool: cache, db: 3}");
        tenants.add(name);
        added = name;
    }

    /** Once stopped: adds one more tenant, for a change that comes after the fault and nothing else. */
    TenantChurn addOne() {
        if (thread.isAlive()) {
            throw new IllegalStateException("stop the churn first");
        }
        add("later" + writes);
        return this;
    }

    private static String rotated(int i) {
        return ROTATING + "-secret-" + i;
    }

    /** Writes one tenant, again and again until ZooKeeper takes it: a write it refused may or may not be in. */
    private void write(String tenant, String yaml) {
        while (true) {
            try {
                fleet.put("tenants", tenant, yaml);
                writes++;
                return;
            } catch (Exception e) {
                refused++;
                sleep(RETRY_MS);
            }
        }
    }

    /** Stops after the write under way; what it wrote is final from then on. Stopping again does nothing. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (thread.isAlive()) {
            throw new AssertionError("the tenant churn did not stop: ZooKeeper takes no writes");
        }
    }

    /** The last password of tenant {@code rotating}. */
    String password() {
        return password;
    }

    /** The tenant added last, whose password is its name and "-secret"; null if none was added. */
    String added() {
        return added;
    }

    /** Every tenant there is now, by name. */
    Set<String> tenants() {
        return Set.copyOf(tenants);
    }

    int writes() {
        return writes;
    }

    /** Writes ZooKeeper refused (or left unanswered) and that were tried again. */
    int refused() {
        return refused;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
