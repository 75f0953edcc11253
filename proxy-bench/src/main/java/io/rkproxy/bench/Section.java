package io.rkproxy.bench;

import java.util.List;

/** A part of the benchmark with targets of its own: it starts them, runs its rounds and names its rows. */
interface Section {
    /** "standalone", "tls", "cluster", "kafka" or "streams". */
    String name();

    /** Starts the section's processes and runs every round. */
    void run();

    List<TableRow> rows();

    /** What the rows compare, for under the table; empty when the header says it all. */
    String legend();

    /** Rows of the CPU table, CPU time per request or record of the processes under test; none by default. */
    default List<Report.CpuRow> cpuRows() {
        return List.of();
    }

    /** The targets the section checks, as stated under the table, before ": met" or ": MISSED". */
    String targets();
}
