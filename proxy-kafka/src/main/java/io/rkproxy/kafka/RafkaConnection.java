package io.rkproxy.kafka;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;

/**
 * rafka v0.6.2's commands on one connection: its client id ({@code CLIENT SETNAME group:name}) here, its consumer
 * ({@link RafkaConsumerCommands}), its sends ({@link RafkaProducerCommands}) and the tenant's stats and topic list
 * ({@link RafkaTenantCommands}). Error texts are rafka's, byte for byte, since its clients dispatch on them.
 */
final class RafkaConnection {

    static final String TOPICS = "topics:";

    private final KafkaCommandSession session;
    private final LoopReplies replies;
    private final RafkaConsumerCommands consumer;
    private final RafkaProducerCommands producer;
    private final RafkaTenantCommands tenantCommands;
    private RafkaClientId client;

    RafkaConnection(KafkaCommandSession session) {
        this.session = session;
        this.replies = session.replies();
        this.consumer = new RafkaConsumerCommands(session);
        this.producer = new RafkaProducerCommands(session);
        this.tenantCommands = new RafkaTenantCommands(session);
    }

    /**
     * Whether a command is rafka's. For a tenant with only Kafka, every command of the family is; for one that also
     * has Redis, only the forms on rafka's reserved names are (topics:*, acks, stats, DUMP, a group:name client id).
     */
    static boolean claims(RespCommand command, boolean kafkaOnly) {
        boolean hasKey = command.argCount() >= 2;
        return switch (command.name()) {
            case "dump" -> true;
            case "client" -> hasKey && command.argEqualsIgnoreCase(1, "setname")
                    && (kafkaOnly || command.argCount() == 3 && command.argString(2).contains(":"));
            case "blpop", "rpushx", "keys" -> kafkaOnly || hasKey && command.argString(1).startsWith(TOPICS);
            case "rpush" -> kafkaOnly || hasKey && command.argEqualsIgnoreCase(1, "acks");
            case "hgetall", "del" -> kafkaOnly || command.argCount() == 2 && command.argEqualsIgnoreCase(1, "stats");
            default -> false;
        };
    }

    void execute(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        switch (command.name()) {
            case "client" -> setName(tenant, command, reply);
            case "blpop" -> consumer.blpop(tenant, client, command, reply);
            case "rpush" -> consumer.ack(tenant, client, command, reply);
            case "rpushx" -> producer.produce(tenant, command, reply);
            case "dump" -> producer.dump(command, reply);
            case "keys" -> tenantCommands.keys(tenant, command, reply);
            default -> tenantCommands.stats(tenant, command, reply);
        }
    }

    private void setName(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            replies.error(reply, RespErrors.wrongArgs("client|setname"));
            return;
        }
        String name = command.argString(2);
        int colon = name.indexOf(':');
        if (client != null) {
            replies.error(reply, "CONS Client ID is already set to " + client.name());
        } else if (colon < 0) {
            replies.error(reply, "CONS Cannot parse group.id");
        } else if ((tenant.kafka().orElseThrow().groupPrefix() + name).startsWith(KpopGroups.GROUP_PREFIX)) {
            replies.error(reply, "CONS Cannot parse group.id: groups starting with '" + KpopGroups.GROUP_PREFIX
                    + "' are rkproxy's own");
        } else if (!session.pool().claimRafkaId(tenant.name(), name)) {
            replies.error(reply, "CONS id " + name + " is already taken");
        } else {
            client = new RafkaClientId(tenant.name(), name,
                    tenant.kafka().orElseThrow().groupPrefix() + name.substring(0, colon));
            session.context().clientName(name);
            replies.value(reply, new RespValue.Simple("OK"));
        }
    }

    /** The connection closed: the id is free at once; the consumer commits what was acked and leaves its group. */
    void close() {
        if (client != null) {
            session.pool().releaseRafkaId(client.tenant(), client.name());
            client = null;
        }
        consumer.close();
    }
}
