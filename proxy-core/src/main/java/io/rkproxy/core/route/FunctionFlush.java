package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.runtime.TenantFunctions;
import java.util.List;

/**
 * FUNCTION FLUSH of one tenant on a backend that every tenant's libraries share: lists the tenant's libraries, then
 * deletes each, over a link that runs as the pool's user (on a cluster, every master lists and deletes). A library
 * another master lacks, or that went in between, is no failure: it is gone either way. Not atomic, as Redis's is:
 * a library the tenant loads meanwhile from another connection may stay.
 */
final class FunctionFlush {

    private static final String GONE = "ERR Library not found";

    private final BackendLink link;
    private final TenantFunctions functions;
    private final ReplyCallback slot;
    private int remaining;
    private String firstError;

    private FunctionFlush(BackendLink link, TenantFunctions functions, ReplyCallback slot) {
        this.link = link;
        this.functions = functions;
        this.slot = slot;
    }

    /** Starts the flush; {@code slot} is told once every library is deleted. */
    static void run(LinkSender sender, BackendLink link, TenantFunctions functions, ReplyCallback slot) {
        FunctionFlush flush = new FunctionFlush(link, functions, slot);
        sender.sendAsPoolUser(link, functions.listAll(), new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                RespValue listed = RespValue.consume(frame);
                if (listed instanceof RespValue.Error error) {
                    slot.onError(functions.error(error.text()));
                } else {
                    flush.delete(functions.backendNames(listed));
                }
            }

            @Override
            public void onError(String redisError) {
                slot.onError(functions.error(redisError));
            }
        });
    }

    private void delete(List<byte[]> libraries) {
        remaining = libraries.size();
        if (remaining == 0) {
            slot.onReply(RespReplies.ok());
            return;
        }
        for (byte[] library : libraries) {
            link.send(TenantFunctions.deleteLibrary(library), new ReplyCallback() {
                @Override
                public void onReply(ByteBuf frame) {
                    RespValue reply = RespValue.consume(frame);
                    deleted(reply instanceof RespValue.Error error ? error.text() : null);
                }

                @Override
                public void onError(String redisError) {
                    deleted(redisError);
                }
            });
        }
    }

    private void deleted(String error) {
        if (error != null && !error.startsWith(GONE) && firstError == null) {
            firstError = functions.error(error);
        }
        if (--remaining > 0) {
            return;
        }
        if (firstError != null) {
            slot.onError(firstError);
        } else {
            slot.onReply(RespReplies.ok());
        }
    }
}
