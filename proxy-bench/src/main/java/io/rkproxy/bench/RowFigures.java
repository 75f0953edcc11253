package io.rkproxy.bench;

import java.util.List;

/** A table row with its figures: each column's rounds and median, rkproxy's ratios and whether it met its rule. */
record RowFigures(TableRow row, ColumnFigures direct, ColumnFigures twemproxy, ColumnFigures rkproxy,
        Cell rkVsDirect, Cell rkVsTwemproxy) {

    /** One column's figures: throughput and p50 per round (null when the column has none) and their medians. */
    record ColumnFigures(Column column, List<Double> rounds, List<Double> p50Rounds) {
        static ColumnFigures of(Column column, Results results) {
            return column.isNone() ? new ColumnFigures(column, null, null)
                    : new ColumnFigures(column, results.throughput(column.target(), column.label()),
                            results.p50(column.target(), column.label()));
        }

        Cell median() {
            return Stats.median(rounds);
        }

        Cell p50() {
            return Stats.median(p50Rounds);
        }
    }

    static RowFigures of(TableRow row, Results results) {
        ColumnFigures direct = ColumnFigures.of(row.direct(), results);
        ColumnFigures twemproxy = ColumnFigures.of(row.twemproxy(), results);
        ColumnFigures rkproxy = ColumnFigures.of(row.rkproxy(), results);
        return new RowFigures(row, direct, twemproxy, rkproxy, Stats.ratio(rkproxy.median(), direct.median()),
                Stats.ratio(rkproxy.median(), twemproxy.median()));
    }

    boolean met() {
        return row.rule().met(rkVsDirect, rkVsTwemproxy);
    }

    String verdict() {
        return row.rule().verdict(rkVsDirect, rkVsTwemproxy);
    }
}
