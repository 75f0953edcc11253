package io.rkproxy.kafka;

import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;

/** RESP bulk strings of text and of numbers, as the Kafka commands reply them. */
final class BulkStrings {

    private BulkStrings() {
    }

    static RespValue bulk(String text) {
        return new RespValue.Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    static RespValue bulk(long value) {
        return bulk(Long.toString(value));
    }
}
