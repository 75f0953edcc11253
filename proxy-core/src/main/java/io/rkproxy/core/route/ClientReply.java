package io.rkproxy.core.route;

/** {@code CLIENT REPLY ON|OFF|SKIP}: whether a client gets its replies. */
public enum ClientReply {
    /** Every reply, as by default. */
    ON,
    /** No reply, until ON. */
    OFF,
    /** No reply to the next command. */
    SKIP
}
