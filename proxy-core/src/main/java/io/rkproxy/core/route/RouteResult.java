package io.rkproxy.core.route;

import io.rkproxy.core.metrics.Refusal;

/** What {@link CommandRouter} decided for one command. Only a refusal allocates; the rest are constants. */
public sealed interface RouteResult {

    /** Sent on: to a backend, a Kafka pool or the subscriber connection; the reply fills the command's slot. */
    RouteResult FORWARDED = new Forwarded();
    /** Must wait until every earlier reply is in (it changes backend connection, or ends subscribed mode). */
    RouteResult WAIT = new Wait();

    static RouteResult refuse(String redisError) {
        return new Refuse(null, redisError);
    }

    static RouteResult refuse(Refusal why, String redisError) {
        return new Refuse(why, redisError);
    }

    record Forwarded() implements RouteResult {
    }

    record Wait() implements RouteResult {
    }

    /** The proxy answers the command itself. */
    record Local(LocalCommand command) implements RouteResult {
    }

    /**
     * Answered with an error; inside MULTI the refusal dooms the transaction, as in Redis.
     *
     * @param why the tenant's refusal counter to count it in, or null for a plain command error
     */
    record Refuse(Refusal why, String redisError) implements RouteResult {
    }

    /** A key-prefixed DBSIZE, RANDOMKEY or FLUSHDB: the proxy walks the tenant's keys; later commands wait. */
    record Walk(PrefixedKeyspace.Mode mode, KeyPrefix keys) implements RouteResult {
    }
}
