package io.rkproxy.core.session;

/** Rewrites INFO text so a tenant sees only its own db's keyspace line, renamed db0. */
final class InfoText {

    private InfoText() {
    }

    static String keepOnlyDb(String info, int db) {
        StringBuilder out = new StringBuilder(info.length());
        boolean inKeyspace = false;
        String own = "db" + db + ":";
        for (String line : info.split("\r\n", -1)) {
            if (line.startsWith("#")) {
                inKeyspace = line.trim().equalsIgnoreCase("# Keyspace");
            } else if (inKeyspace && line.startsWith("db")) {
                if (!line.startsWith(own)) {
                    continue;
                }
                line = "db0:" + line.substring(own.length());
            }
            out.append(line).append("\r\n");
        }
        out.setLength(Math.max(0, out.length() - 2));
        return out.toString();
    }
}
