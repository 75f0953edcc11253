package io.rkproxy.zookeeper;

/**
 * Passes change notices on to the watcher. A notice that comes before there is a watcher (between the first load
 * and the start of watching) is kept and passed on when the watcher arrives, so no change is missed.
 */
final class ChangeRelay {

    private Runnable watcher;
    private boolean missed;

    void changed() {
        Runnable target;
        synchronized (this) {
            target = watcher;
            missed = target == null;
        }
        if (target != null) {
            target.run();
        }
    }

    void watch(Runnable changed) {
        boolean pending;
        synchronized (this) {
            watcher = changed;
            pending = missed;
        }
        if (pending) {
            changed.run();
        }
    }
}
