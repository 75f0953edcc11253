package io.rkproxy.server;

import java.util.Arrays;

/** One key as its DUMP and PTTL show it, and where it lives: a db ({@code db9}) or a node's address. */
record KeyState(String where, String key, byte[] dump, long pttl) {

    /** A TTL that is still counting down from {@code baseline}'s, within {@code slackMillis}, counts as unchanged. */
    String changeFrom(KeyState baseline, long elapsedMillis, long slackMillis) {
        if (!Arrays.equals(dump, baseline.dump)) {
            return "its value changed";
        }
        if (baseline.pttl < 0 && pttl >= 0) {
            return "it got a TTL of " + pttl + " ms";
        }
        if (baseline.pttl >= 0 && pttl < 0) {
            return "it lost its TTL";
        }
        if (baseline.pttl >= 0 && Math.abs(pttl - (baseline.pttl - elapsedMillis)) > slackMillis) {
            return "its TTL went from " + baseline.pttl + " to " + pttl + " ms";
        }
        return null;
    }
}
