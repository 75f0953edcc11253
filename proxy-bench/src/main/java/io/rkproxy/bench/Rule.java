package io.rkproxy.bench;

/** The target a table row checks: rkproxy's figure against the direct or twemproxy column's. */
enum Rule {
    DIRECT(0.9, false, ">=0.9x direct"),
    TWEMPROXY(1.0, true, ">=1.0x twem"),
    LETTUCE(1.0, false, ">=1.0x lettuce"),
    PRODUCER(0.5, false, ">=0.5x producer"),
    CONSUMER(0.5, false, ">=0.5x consumer"),
    /** TLS's port against the same rkproxy's plain one, in the direct column. */
    TLS(0.5, false, ">=0.5x plain"),
    /** Hot-key detection on against off, GET -P 16 through two rkproxy instances. */
    HOT_KEYS(0.95, false, ">=0.95x off"),
    NONE(0, false, "-");

    private final double minimum;
    private final boolean againstTwemproxy;
    private final String text;

    Rule(double minimum, boolean againstTwemproxy, String text) {
        this.minimum = minimum;
        this.againstTwemproxy = againstTwemproxy;
        this.text = text;
    }

    boolean met(Cell rkVsDirect, Cell rkVsTwemproxy) {
        return this == NONE || Stats.meets(againstTwemproxy ? rkVsTwemproxy : rkVsDirect, minimum);
    }

    /** The table's target column: "ok (>=0.9x direct)", "MISS (>=0.9x direct)" or "-". */
    String verdict(Cell rkVsDirect, Cell rkVsTwemproxy) {
        return this == NONE ? text : (met(rkVsDirect, rkVsTwemproxy) ? "ok" : "MISS") + " (" + text + ")";
    }

    /** The rule as the JSON file states it; null for none. */
    String description() {
        return this == NONE ? null : text;
    }
}
