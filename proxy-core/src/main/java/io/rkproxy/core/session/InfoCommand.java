package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import java.util.Optional;

/** {@code INFO [section]}: the backend's text, cut down by {@link InfoText} to what the tenant may see. */
final class InfoCommand implements LocalCommand {

    @Override
    public void execute(ClientSession session, RespCommand command) {
        Optional<TenantConfig> tenant = session.tenant();
        if (tenant.isEmpty()) {
            return;
        }
        ReplyCallback slot = session.reserve();
        int db = tenant.get().db();
        session.forward(command.retain(), new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                try {
                    RespValue value = RespValue.parse(frame);
                    if (value instanceof RespValue.Bulk bulk) {
                        slot.onReply(RespReplies.bulk(session.alloc(), InfoText.forTenant(bulk.asString(), db)));
                    } else {
                        slot.onReply(frame.retain());
                    }
                } finally {
                    frame.release();
                }
            }

            @Override
            public void onError(String redisError) {
                slot.onError(redisError);
            }
        });
    }
}
