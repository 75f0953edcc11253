package io.rkproxy.core.route;

/**
 * What a session holds on the backend side: its links (shared and pinned, with MULTI/WATCH and tracking state), its
 * subscriber connection and its Kafka session. It all belongs to one tenant on one pool, and goes when that changes.
 */
public record ConnectionState(SessionLinks links, LinkSender sender, PubSubRoute pubsub, KafkaRoute kafka) {

    /** Whether the backend connection holds state that a switch of pool would break. */
    public boolean holdsState() {
        return links.isPinned() || links.tracking() || pubsub.subscribed();
    }

    /** Drops it all: a new tenant or pool starts clean. */
    public void drop() {
        pubsub.close();
        kafka.close();
        links.reset();
        sender.forget();
    }

    /** The session is gone: a clean pinned link goes back to its pool, anything else is closed. */
    public void close() {
        pubsub.close();
        links.close();
        kafka.close();
    }
}
