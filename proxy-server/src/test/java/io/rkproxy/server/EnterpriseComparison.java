package io.rkproxy.server;

import java.util.regex.Pattern;

/**
 * The rule by which docs/commands.md, "Compared with Redis Enterprise", counts the rows where a tenant of a shared
 * standalone pool and a standard Redis Enterprise database (without the OSS cluster API) part: rkproxy refuses what
 * Enterprise runs, runs what Enterprise refuses, or Enterprise runs only part of the row.
 */
final class EnterpriseComparison {

    /** An Enterprise cell: {@code yes}, {@code no}, either with a short qualifier, {@code partly (...)}, ... */
    static final Pattern VOCABULARY =
            Pattern.compile("(yes|no)( \\([^()]{1,30}\\))?|partly \\([^()]{1,30}\\)|not listed|—");
    /** A standalone cell that refuses the command on a shared pool. */
    private static final Pattern REFUSAL = Pattern.compile(
            "^(NOPERM|not supported|refused|`ERR|as a standalone Redis)|the backend refuses it|on a `dedicated` pool only");
    /** Enterprise answers only on a database with the OSS cluster API, which the comparison is without. */
    private static final String OSS_CLUSTER_API = "(OSS cluster API)";

    private EnterpriseComparison() {
    }

    static boolean compared(String enterprise) {
        return !enterprise.equals("not listed") && !enterprise.equals("—");
    }

    static boolean differs(String standalone, String enterprise) {
        if (!compared(enterprise)) {
            return false;
        }
        if (enterprise.endsWith(OSS_CLUSTER_API)) {
            return !refuses(standalone);
        }
        if (enterprise.startsWith("partly")) {
            // rkproxy answers a row's subcommands alike, so it parts with Enterprise on some of them
            return true;
        }
        return enterprise.startsWith("yes") == refuses(standalone);
    }

    static boolean refuses(String standalone) {
        return REFUSAL.matcher(standalone).find();
    }
}
