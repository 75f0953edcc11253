package io.rkproxy.client;

/** Where Kafka stored a record: KPUSH's reply. */
public record RecordPosition(int partition, long offset) {
}
