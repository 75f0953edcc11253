package io.rkproxy.kafka;

/**
 * A connection's rafka identity from {@code CLIENT SETNAME group:name}: the tenant it was set for, the name, and the
 * Kafka consumer group (the tenant's group prefix and the group part of the name).
 */
record RafkaClientId(String tenant, String name, String group) {
}
