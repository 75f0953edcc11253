package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.rkproxy.core.resp.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The bytes of KPOP's and BLPOP's record replies, numbers of every width and values null or not. */
class RecordRepliesTest {

    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String value) {
        return new ConsumerRecord<>("t", partition, offset, null,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuf reply) {
        try {
            return reply.toString(StandardCharsets.UTF_8);
        } finally {
            reply.release();
        }
    }

    @Test
    void kpopTriplesCarryPartitionAndOffsetAsBulkStringsOfAnyWidth() {
        List<ConsumerRecord<byte[], byte[]>> records = List.of(record(0, 0, "a"), record(12, 9_876_543_210L, ""),
                record(3, Long.MAX_VALUE, null));
        assertEquals("*9\r\n$1\r\n0\r\n$1\r\n0\r\n$1\r\na\r\n"
                        + "$2\r\n12\r\n$10\r\n9876543210\r\n$0\r\n\r\n"
                        + "$1\r\n3\r\n$19\r\n9223372036854775807\r\n$-1\r\n",
                text(RecordReplies.triples(ALLOC, records, Protocol.RESP2)));
        assertEquals("*3\r\n$1\r\n7\r\n$2\r\n10\r\n_\r\n",
                text(RecordReplies.triples(ALLOC, List.of(record(7, 10, null)), Protocol.RESP3)));
    }

    @Test
    void blpopRepliesRafkasEightFieldsWithIntegerNumbers() {
        byte[] topic = "orders".getBytes(StandardCharsets.UTF_8);
        assertEquals("*8\r\n$5\r\ntopic\r\n$6\r\norders\r\n$9\r\npartition\r\n:2\r\n$6\r\noffset\r\n:41\r\n"
                        + "$5\r\nvalue\r\n$2\r\nhi\r\n",
                text(RecordReplies.blpop(ALLOC, topic, record(2, 41, "hi"), Protocol.RESP2)));
    }
}
