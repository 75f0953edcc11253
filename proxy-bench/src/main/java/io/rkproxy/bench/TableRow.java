package io.rkproxy.bench;

/** A row of the table: its label, whose figures its direct, twemproxy and rkproxy columns show, and its rule. */
record TableRow(String label, Column direct, Column twemproxy, Column rkproxy, Rule rule) {
}
