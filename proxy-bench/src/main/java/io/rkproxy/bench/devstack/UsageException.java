package io.rkproxy.bench.devstack;

/** Arguments that scripts/devstack.sh cannot run with; its message says which and why. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
