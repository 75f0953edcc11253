package io.rkproxy.core.streams;

import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream entry as XRANGE, XREADGROUP and XAUTOCLAIM reply it: {@code [id, [field, value, ...]]}. The record is
 * the value of field {@value #VALUE_FIELD}; null for an entry without one (written by another client).
 */
record StreamEntry(String id, byte[] value) {

    static final String VALUE_FIELD = "v";

    static StreamEntry of(RespValue entry) {
        List<RespValue> parts = entry.items();
        byte[] value = null;
        if (parts.get(1) instanceof RespValue.Array fields) {
            List<RespValue> flat = fields.items();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                if (flat.get(i).asText().equals(VALUE_FIELD) && flat.get(i + 1) instanceof RespValue.Bulk b) {
                    value = b.bytes();
                }
            }
        }
        return new StreamEntry(parts.get(0).asText(), value);
    }

    /** The entries of an array of them; entries a deletion left nil (XAUTOCLAIM on Redis 6.2) are skipped. */
    static List<StreamEntry> all(RespValue entries) {
        List<StreamEntry> out = new ArrayList<>();
        if (entries instanceof RespValue.Array array) {
            for (RespValue entry : array.items()) {
                if (entry instanceof RespValue.Array) {
                    out.add(of(entry));
                }
            }
        }
        return out;
    }
}
