package io.rkproxy.core.resp;

/** The RESP version a client session speaks, chosen with HELLO. */
public enum Protocol {
    RESP2(2),
    RESP3(3);

    private final int version;

    Protocol(int version) {
        this.version = version;
    }

    public int version() {
        return version;
    }
}
