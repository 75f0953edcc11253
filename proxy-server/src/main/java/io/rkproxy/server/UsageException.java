package io.rkproxy.server;

/** A command line that cannot be run as given; the message says what is wrong. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
