package io.rkproxy.client;

/** KOFFSET's reply: an offset of a partition and the timestamp of the record there (-1 when there is none). */
public record KafkaOffset(long offset, long timestamp) {

    /** KOFFSET's time for the log's end: the offset the next record will get. */
    public static final long LATEST = -1;
    /** KOFFSET's time for the log's start: the oldest offset still kept. */
    public static final long EARLIEST = -2;
}
