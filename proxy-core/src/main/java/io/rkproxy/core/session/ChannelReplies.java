package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
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
    static ReplyCallback stripNames(ReplyCallback slot, ChannelNames names, ByteBufAllocator alloc, int stride) {
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                RespValue value;
                try {
                    value = RespValue.parse(frame);
                } catch (RuntimeException e) {
                    slot.onReply(frame);
                    return;
                }
                if (!(value instanceof RespValue.Array array)) {
                    slot.onReply(frame);
                    return;
                }
                frame.release();
                List<RespValue> items = array.items();
                List<RespValue> out = new ArrayList<>(items.size());
                for (int i = 0; i + stride <= items.size(); i += stride) {
                    byte[] own = items.get(i) instanceof RespValue.Bulk bulk ? names.stripChannel(bulk.bytes()) : null;
                    if (own != null) {
                        out.add(new RespValue.Bulk(own));
                        out.addAll(items.subList(i + 1, i + stride));
                    }
                }
                slot.onReply(RespValueEncoder.encode(new RespValue.Array(out), alloc.buffer()));
            }

            @Override
            public void onError(String redisError) {
                slot.onError(redisError);
            }
        };
    }
}
