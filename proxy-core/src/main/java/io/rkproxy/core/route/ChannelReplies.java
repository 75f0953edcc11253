package io.rkproxy.core.route;

import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.backend.RewritingCallback;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.List;

/** Takes the tenant's namespace off the channel names in PUBSUB CHANNELS and NUMSUB replies. */
final class ChannelReplies {

    private ChannelReplies() {
    }

    /**
     * A callback that rewrites an array reply whose channel names sit every {@code stride} items (1 for CHANNELS,
     * 2 for NUMSUB's name/count pairs) and hands it to {@code slot}. Channels outside the namespace are dropped
     * with their counts.
     */
    static ReplyCallback stripNames(ReplyCallback slot, ReplyFormat session, NamePrefix names, int stride) {
        return new RewritingCallback(slot, session, value -> {
            if (!(value instanceof RespValue.Array array)) {
                return value;
            }
            List<RespValue> items = array.items();
            List<RespValue> out = new ArrayList<>(items.size());
            for (int i = 0; i + stride <= items.size(); i += stride) {
                byte[] own = items.get(i) instanceof RespValue.Bulk bulk ? names.strip(bulk.bytes()) : null;
                if (own != null) {
                    out.add(new RespValue.Bulk(own));
                    out.addAll(items.subList(i + 1, i + stride));
                }
            }
            return new RespValue.Array(out);
        });
    }
}
