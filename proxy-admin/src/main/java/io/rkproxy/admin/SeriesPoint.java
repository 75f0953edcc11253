package io.rkproxy.admin;

/**
 * One step of a chart: rates over the step that ended at {@code epochMillis}.
 *
 * @param p50Micros null when no command completed in the step
 */
record SeriesPoint(long epochMillis, double opsPerSecond, double errorsPerSecond, Long p50Micros, Long p99Micros,
                   double bytesInPerSecond, double bytesOutPerSecond) {
}
