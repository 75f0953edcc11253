package io.rkproxy.core.backend;

/**
 * A backend connection that belongs to one session while it holds state: a blocking command, MULTI or WATCH.
 * Unlike the shared links it has no response timeout, since a blocking command may wait as long as it likes.
 */
public interface PinnedLink extends BackendLink {

    /** Commands sent and not yet answered. */
    int outstanding();

    /** Gives the connection back for reuse; only when nothing is outstanding and it holds no state. */
    void release();

    /** Closes the connection: a blocked command is abandoned by the backend without taking any data. */
    void close();
}
