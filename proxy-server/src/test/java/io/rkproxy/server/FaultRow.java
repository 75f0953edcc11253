package io.rkproxy.server;

/**
 * One scenario's counted outcomes under a fault, printed as one line that {@code scripts/chaos.sh} gathers into its
 * table: the line starts with {@code fault }, and every figure is {@code name=value}. Public, and in proxy-server's
 * test jar, for proxy-client's fault scenarios.
 *
 * @param errorWindowMs from the fault's start to the last error
 * @param outside       errors outside the fault's window
 * @param lost          acknowledged writes not found on the backend afterwards
 * @param recoveryMs    from the fault's end to the first success after it; -1 if none came
 */
public record FaultRow(String scenario, long ops, long ok, long errors, long errorWindowMs, long outside, long wrong,
                       long lost, long hung, long recoveryMs) {

    /**
     * How long a scenario runs its load: {@code shortSeconds} in the test suite, or the {@code rkproxy.fault.seconds}
     * system property (chaos.sh's longer runs) when that is longer.
     */
    public static long seconds(long shortSeconds) {
        return Math.max(shortSeconds, Long.getLong("rkproxy.fault.seconds", 0));
    }

    @Override
    public String toString() {
        return String.format("fault %-44s ops=%d ok=%d errors=%d (window %dms, %d outside) wrong=%d lost-acked=%d "
                + "hung=%d recovery=%dms", scenario, ops, ok, errors, errorWindowMs, outside, wrong, lost, hung,
                recoveryMs);
    }
}
