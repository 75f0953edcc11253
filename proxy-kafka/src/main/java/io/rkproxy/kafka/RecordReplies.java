package io.rkproxy.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespReplies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Consumed records as KPOP and BLPOP reply them, written straight into the reply buffer: these run once per record
 * handed out, and building the reply as RespValues first cost several objects per record.
 */
final class RecordReplies {

    private static final short CRLF = ('\r' << 8) | '\n';
    /** Room for one record's framing, partition and offset, so that a reply is allocated once, at its size. */
    private static final int FRAMING = 64;
    private static final byte[] BLPOP_TOPIC = ascii("*8\r\n$5\r\ntopic\r\n");
    private static final byte[] BLPOP_PARTITION = ascii("$9\r\npartition\r\n:");
    private static final byte[] BLPOP_OFFSET = ascii("$6\r\noffset\r\n:");
    private static final byte[] BLPOP_VALUE = ascii("$5\r\nvalue\r\n");
    private static final byte[] NULL_BULK = ascii("$-1\r\n");
    private static final byte[] NULL_RESP3 = ascii("_\r\n");

    private RecordReplies() {
    }

    /** KPOP's flat array of {@code partition, offset, value} per record; partition and offset as bulk strings. */
    static ByteBuf triples(ByteBufAllocator alloc, List<ConsumerRecord<byte[], byte[]>> records, Protocol protocol) {
        int size = 16;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            size += FRAMING + (r.value() == null ? 0 : r.value().length);
        }
        ByteBuf out = alloc.buffer(size);
        RespReplies.arrayHeader(out, records.size() * 3);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            numberBulk(out, r.partition());
            numberBulk(out, r.offset());
            value(out, r.value(), protocol);
        }
        return out;
    }

    /**
     * rafka's BLPOP reply: {@code topic, <topic>, partition, <n>, offset, <n>, value, <value>}, numbers as integers.
     *
     * @param topic the client's name of the record's topic, UTF-8
     */
    static ByteBuf blpop(ByteBufAllocator alloc, byte[] topic, ConsumerRecord<byte[], byte[]> record,
                         Protocol protocol) {
        ByteBuf out = alloc.buffer(FRAMING + 64 + topic.length + (record.value() == null ? 0 : record.value().length));
        out.writeBytes(BLPOP_TOPIC);
        RespReplies.bulk(out, topic);
        out.writeBytes(BLPOP_PARTITION);
        ByteBufUtil.writeAscii(out, Integer.toString(record.partition()));
        out.writeShort(CRLF);
        out.writeBytes(BLPOP_OFFSET);
        ByteBufUtil.writeAscii(out, Long.toString(record.offset()));
        out.writeShort(CRLF);
        out.writeBytes(BLPOP_VALUE);
        return value(out, record.value(), protocol);
    }

    /** A partition or offset (never negative) as a bulk string, its digits written without a String. */
    private static void numberBulk(ByteBuf out, long number) {
        int digits = 1;
        for (long rest = number / 10; rest > 0; rest /= 10) {
            digits++;
        }
        out.writeByte('$');
        if (digits >= 10) {
            out.writeByte('0' + digits / 10);
        }
        out.writeByte('0' + digits % 10);
        out.writeShort(CRLF);
        out.ensureWritable(digits + 2);
        int end = out.writerIndex() + digits;
        long rest = number;
        for (int at = end - 1; at >= out.writerIndex(); at--) {
            out.setByte(at, (int) ('0' + rest % 10));
            rest /= 10;
        }
        out.writerIndex(end);
        out.writeShort(CRLF);
    }

    private static ByteBuf value(ByteBuf out, byte[] value, Protocol protocol) {
        if (value == null) {
            return out.writeBytes(protocol == Protocol.RESP3 ? NULL_RESP3 : NULL_BULK);
        }
        return RespReplies.bulk(out, value);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
