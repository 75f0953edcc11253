package io.rkproxy.bench;

/** A failure that ends the run: a target that does not start or answers wrongly, a bad setting. */
final class BenchException extends RuntimeException {
    BenchException(String message) {
        super(message);
    }
}
