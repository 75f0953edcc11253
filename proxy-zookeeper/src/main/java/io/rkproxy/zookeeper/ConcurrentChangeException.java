package io.rkproxy.zookeeper;

/** A write refused whole because a znode it was based on changed, was created or was deleted meanwhile. */
public final class ConcurrentChangeException extends Exception {

    ConcurrentChangeException(String message) {
        super(message);
    }
}
