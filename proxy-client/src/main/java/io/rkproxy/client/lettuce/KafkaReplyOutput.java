package io.rkproxy.client.lettuce;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A K* reply in the shape {@link io.rkproxy.client.KafkaCall#decode} takes, which is Jedis's: null for nil, a list
 * for an array, {@code byte[]} for a bulk string, {@code Long} for an integer. (Lettuce's ArrayOutput would give a
 * nil reply as a list holding null.) The K* replies hold no nested arrays.
 */
final class KafkaReplyOutput extends CommandOutput<byte[], byte[], Object> {

    private List<Object> items;

    KafkaReplyOutput() {
        super(ByteArrayCodec.INSTANCE, null);
    }

    @Override
    public void multi(int count) {
        items = new ArrayList<>(Math.max(count, 0));
        output = items;
    }

    @Override
    public void set(ByteBuffer bytes) {
        add(bytes == null ? null : codec.decodeValue(bytes));
    }

    @Override
    public void set(long integer) {
        add(integer);
    }

    private void add(Object item) {
        if (items == null) {
            output = item;
        } else {
            items.add(item);
        }
    }
}
