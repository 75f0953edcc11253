package io.rkproxy.core.resp;

import java.nio.charset.StandardCharsets;

/** RESP2 replies written out, for tests to answer with and to compare against. */
public final class Resp {

    public static final String OK = "+OK\r\n";
    public static final String QUEUED = "+QUEUED\r\n";

    private Resp() {
    }

    public static String error(String text) {
        return "-" + text + "\r\n";
    }

    public static String integer(long value) {
        return ":" + value + "\r\n";
    }

    public static String bulk(String text) {
        return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
    }

    public static String bulks(String... texts) {
        StringBuilder out = new StringBuilder();
        for (String text : texts) {
            out.append(bulk(text));
        }
        return "*" + texts.length + "\r\n" + out;
    }

    /** An array of replies already written out. */
    public static String array(String... items) {
        return "*" + items.length + "\r\n" + String.join("", items);
    }
}
