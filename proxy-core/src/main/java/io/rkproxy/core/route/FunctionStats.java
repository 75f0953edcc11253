package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.core.runtime.TenantFunctions;
import java.util.function.Consumer;

/**
 * FUNCTION STATS of one tenant on a backend that every tenant's libraries share: the backend's stats, then a listing
 * of the tenant's libraries, both over a link that runs as the pool's user, made into the tenant's view
 * ({@link TenantFunctions#stats}). On a cluster the stats are one master's, the libraries every master's.
 */
final class FunctionStats {

    private FunctionStats() {
    }

    static void run(LinkSender sender, BackendLink link, TenantFunctions functions, ReplyCallback slot,
                    ReplyFormat session) {
        sender.sendAsPoolUser(link, RespCommand.of("FUNCTION", "STATS"), answered(slot, functions, stats ->
                link.send(functions.listAll(), answered(slot, functions, libraries ->
                        slot.onReply(RespValueEncoder.encode(functions.stats(stats, libraries),
                                session.alloc().buffer(), session.protocol()))))));
    }

    /** Hands a successful reply's value on; an error goes to {@code slot}, without the tenant's prefix. */
    private static ReplyCallback answered(ReplyCallback slot, TenantFunctions functions, Consumer<RespValue> next) {
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                RespValue value = RespValue.consume(frame);
                if (value instanceof RespValue.Error error) {
                    slot.onError(functions.error(error.text()));
                } else {
                    next.accept(value);
                }
            }

            @Override
            public void onError(String redisError) {
                slot.onError(functions.error(redisError));
            }
        };
    }
}
