package io.rkproxy.core.local;

import java.util.Locale;
import java.util.Set;

/**
 * Cuts a backend's INFO text down to what a tenant may see: sections about the server itself, and the keyspace
 * line of the tenant's own db, renamed db0. Sections that count every tenant's activity (stats, commandstats,
 * errorstats, latencystats) or show the backend's topology and host (replication, cpu, cluster, the executable and
 * config paths) are dropped.
 */
final class InfoText {

    static final Set<String> TENANT_SECTIONS = Set.of("server", "clients", "memory", "persistence", "keyspace");
    static final Set<String> HIDDEN_FIELDS = Set.of("executable", "config_file");

    private InfoText() {
    }

    static String forTenant(String info, int db) {
        StringBuilder out = new StringBuilder(info.length());
        String section = "";
        String own = "db" + db + ":";
        for (String line : info.split("\r\n", -1)) {
            if (line.startsWith("#")) {
                section = line.substring(1).trim().toLowerCase(Locale.ROOT);
            } else if (section.equals("keyspace") && line.startsWith("db")) {
                if (!line.startsWith(own)) {
                    continue;
                }
                line = "db0:" + line.substring(own.length());
            } else if (!line.isEmpty() && HIDDEN_FIELDS.contains(line.substring(0, Math.max(0, line.indexOf(':'))))) {
                continue;
            }
            if (TENANT_SECTIONS.contains(section)) {
                out.append(line).append("\r\n");
            }
        }
        return out.toString().stripTrailing();
    }
}
