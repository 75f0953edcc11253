package io.rkproxy.core.metrics;

/**
 * A big key of a tenant's: a request or reply of at least the server's big-request or big-reply size named it.
 *
 * @param command the lower-case command of its largest request or reply
 * @param bytes   the size of that request or reply, RESP framing included
 * @param seen    how many big requests and replies named it
 */
public record BigKey(String key, String command, long bytes, long seen) {
}
