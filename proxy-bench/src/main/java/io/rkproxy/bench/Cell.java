package io.rkproxy.bench;

/** One figure of the report: a number, NA (there were runs, none succeeded) or absent (nothing measured there). */
record Cell(Kind kind, double value) {
    enum Kind { ABSENT, NA, NUMBER }

    static final Cell ABSENT = new Cell(Kind.ABSENT, Double.NaN);
    static final Cell NA = new Cell(Kind.NA, Double.NaN);

    static Cell of(double value) {
        return Double.isFinite(value) ? new Cell(Kind.NUMBER, value) : NA;
    }

    boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    /** "-", "NA" or the number as the table shows it. */
    String text() {
        return switch (kind) {
            case ABSENT -> "-";
            case NA -> "NA";
            case NUMBER -> Stats.number(value);
        };
    }

    /** The number, or null for JSON. */
    Double orNull() {
        return isNumber() ? value : null;
    }
}
