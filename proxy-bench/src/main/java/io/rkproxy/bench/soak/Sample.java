package io.rkproxy.bench.soak;

/**
 * One 10 s sample of rkproxy: its memory, threads and fds at the sample's end, and the load's round trips during the
 * 10 s (their p99, how many requests were answered, how many failed).
 */
record Sample(long seconds, long heapAfterGcBytes, long directBytes, long rssBytes, int fds, int threads,
              long p99Nanos, long requests, long failures) {

    static final String CSV_HEADER = "seconds,heap_after_gc_bytes,direct_bytes,rss_bytes,fds,threads,p99_us,requests,"
            + "failures";
    private static final double MB = 1024 * 1024;

    String line() {
        return String.format("sample t=%5ds heap-after-gc=%6.1fMB direct=%6.1fMB rss=%6.1fMB fds=%4d threads=%3d "
                + "p99=%7.2fms requests=%d failures=%d", seconds, heapAfterGcBytes / MB, directBytes / MB,
                rssBytes / MB, fds, threads, p99Nanos / 1e6, requests, failures);
    }

    String csv() {
        return seconds + "," + heapAfterGcBytes + "," + directBytes + "," + rssBytes + "," + fds + "," + threads + ","
                + p99Nanos / 1000 + "," + requests + "," + failures;
    }
}
