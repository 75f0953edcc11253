package io.rkproxy.core.backend;

import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;

/**
 * The Kafka side of one client connection: its consumer, its outstanding sends, its rafka identity. Every method
 * runs on the connection's event loop.
 */
public interface KafkaSession {

    /**
     * Whether {@code command} is a Kafka command for {@code tenant}: a K* command, or, with the rafka family on, one
     * of the rafka forms. A command not claimed goes to the tenant's Redis pool.
     */
    boolean claims(TenantConfig tenant, RespCommand command);

    /**
     * Runs a claimed command. {@code reply} is called exactly once, on the event loop. The session keeps ownership
     * of {@code command}.
     */
    void execute(TenantConfig tenant, RespCommand command, ReplyCallback reply);

    /** The connection closed or changed tenant: the consumer commits what was acked and leaves its group. */
    void close();
}
