package io.rkproxy.server;

/** A zk command that would lose or break something, refused before anything was written; the message says why. */
final class Refusal extends Exception {

    Refusal(String message) {
        super(message);
    }
}
