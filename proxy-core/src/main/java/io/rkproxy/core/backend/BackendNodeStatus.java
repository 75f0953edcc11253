package io.rkproxy.core.backend;

import java.util.Optional;

/**
 * One backend node of a pool as this proxy node sees it.
 *
 * @param latencyMicros the last measured round trip, or -1 when none was measured yet
 * @param connections   open connections from this proxy node to it
 * @param inFlight      commands sent to it and not yet answered
 * @param reconnects    connections re-established after one was lost, since start
 * @param error         why it is down
 */
public record BackendNodeStatus(String address, boolean up, long latencyMicros, int connections, long inFlight,
                                long reconnects, Optional<String> error) {
}
