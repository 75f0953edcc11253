package io.rkproxy.redis;

/** A backend connection could not be opened or prepared. The message is a ready Redis error text. */
final class BackendUnavailableException extends Exception {

    BackendUnavailableException(String redisError) {
        super(redisError, null, false, false);
    }
}
