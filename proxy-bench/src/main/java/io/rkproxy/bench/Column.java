package io.rkproxy.bench;

/** Whose figures a column of a table row shows: a target's under a results label, or none ("-"). */
record Column(String target, String label) {
    static final Column NONE = new Column(null, null);

    boolean isNone() {
        return target == null;
    }
}
