package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.core.runtime.TenantFunctions;
import io.rkproxy.core.config.FunctionQuota;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A tenant's FUNCTION LOAD, once a FUNCTION LIST of its libraries shows the load within its quota (a REPLACE of one
 * it has is no new library), then a look at the functions the library registered: each must have the tenant's
 * prefix. The code the proxy puts in front of the tenant's already sees to that, as Redis's Lua gives a loading
 * library no way around it; should a Redis version ever give one, the library is deleted again at once and the
 * tenant told, rather than leave a function under a name of another tenant's or none.
 */
final class FunctionLoad {

    private final BackendLink link;
    private final TenantFunctions functions;
    private final ReplyCallback slot;
    private final ReplyFormat session;

    private FunctionLoad(BackendLink link, TenantFunctions functions, ReplyCallback slot, ReplyFormat session) {
        this.link = link;
        this.functions = functions;
        this.slot = slot;
        this.session = session;
    }

    /**
     * Sends {@code load} (owned by the callee, already in the tenant's namespace) if the tenant may have one more
     * library; {@code slot} hears the end.
     */
    static void run(LinkSender sender, BackendLink link, TenantFunctions functions, FunctionQuota quota,
                    RespCommand load, ReplyCallback slot, ReplyFormat session) {
        FunctionLoad run = new FunctionLoad(link, functions, slot, session);
        byte[] library = TenantFunctions.loadedLibrary(load);
        sender.sendAsPoolUser(link, functions.listAll(), run.then(listing -> {
            List<byte[]> libraries = functions.backendNames(listing);
            boolean replaces = libraries.stream().anyMatch(name -> Arrays.equals(name, library));
            if (!replaces && libraries.size() >= quota.maxLibraries()) {
                load.release();
                slot.onError(quota.tooMany(functions.tenant()));
            } else {
                sender.sendAsPoolUser(link, load, run.then(run::loaded));
            }
        }));
    }

    private void loaded(RespValue library) {
        byte[] name = ((RespValue.Bulk) library).bytes();
        link.send(RespCommand.of("FUNCTION".getBytes(StandardCharsets.US_ASCII),
                "LIST".getBytes(StandardCharsets.US_ASCII), "LIBRARYNAME".getBytes(StandardCharsets.US_ASCII), name),
                then(listing -> checked(name, functions.foreignFunctions(listing, name))));
    }

    private void checked(byte[] library, List<String> foreign) {
        if (foreign.isEmpty()) {
            slot.onReply(RespValueEncoder.encode(functions.loaded(new RespValue.Bulk(library)),
                    session.alloc().buffer(), session.protocol()));
            return;
        }
        link.send(TenantFunctions.deleteLibrary(library), then(deleted -> slot.onError("ERR rkproxy deleted the"
                + " library again: it registered " + foreign + " outside the tenant's names")));
    }

    /** A callback that hands a reply on to {@code next}, or an error, with the tenant's names, to the slot. */
    private ReplyCallback then(Consumer<RespValue> next) {
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                RespValue reply = RespValue.consume(frame);
                if (reply instanceof RespValue.Error error) {
                    slot.onError(functions.error(error.text()));
                } else {
                    next.accept(reply);
                }
            }

            @Override
            public void onError(String redisError) {
                slot.onError(functions.error(redisError));
            }
        };
    }
}
