package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.metrics.LatencyHistogram;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code LATENCY} for a tenant of a shared pool: HISTOGRAM from the proxy's own latencies of the tenant's commands on
 * this node (arrival to reply, by command name), in Redis's reply shape; LATEST, HISTORY, RESET, DOCTOR and GRAPH
 * from the tenant's own latency monitor ({@link LatencyMonitor}); HELP is the backend's text, and any other
 * subcommand unknown, as Redis says. The backend's figures
 * mix every tenant's: only the tenant of a dedicated pool gets the backend's LATENCY, whole, since its events are
 * that tenant's alone.
 *
 * <p>The buckets are the proxy's (100 µs up to 10 s, slower commands counted at 10 s) where Redis's are powers of two
 * microseconds; as in Redis, each holds the count of calls at most that slow, from the first bucket with a call on.
 */
final class LatencyCommand implements LocalCommand {

    private final ServerQuery backend = ServerQuery.subcommands("help");

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        String sub = command.argCount() < 2 ? "" : command.argString(1).toLowerCase(Locale.ROOT);
        if (ctx.dedicatedPool() || sub.isEmpty() || sub.equals("help")) {
            backend.execute(session, ctx, command);
        } else if (sub.equals("histogram")) {
            histogram(session, ctx, command);
        } else if (LatencyMonitor.SUBCOMMANDS.contains(sub)) {
            LatencyMonitor.execute(session, ctx, command, sub);
        } else {
            session.replyError(RespErrors.unknownSubcommand(command));
        }
    }

    private static void histogram(LocalContext session, CommandContext ctx, RespCommand command) {
        Set<String> wanted = new HashSet<>();
        for (int i = 2; i < command.argCount(); i++) {
            wanted.add(command.argString(i).toLowerCase(Locale.ROOT));
        }
        List<RespValue> items = new ArrayList<>();
        for (Map.Entry<String, LatencyHistogram.Snapshot> e
                : ctx.meters().commandLatencies().snapshot().entrySet()) {
            if (wanted.isEmpty() ? isCommand(ctx, e.getKey()) : wanted.contains(e.getKey())) {
                items.add(AdminReplies.bulk(e.getKey()));
                items.add(histogram(e.getValue()));
            }
        }
        session.reply(RespValueEncoder.encode(new RespValue.Dict(items), session.alloc().buffer(),
                session.protocol()));
    }

    /** Whether a name that was timed is a command, not a made-up name that got an error. */
    private static boolean isCommand(CommandContext ctx, String name) {
        return LocalCommands.get(name) != null || ctx.ready() && ctx.metadata().commands().find(name) != null;
    }

    /** {@code calls} and {@code histogram_usec}: bucket bound → calls at most that slow. */
    private static RespValue histogram(LatencyHistogram.Snapshot snapshot) {
        long[] bounds = LatencyHistogram.boundsMicros();
        long[] counts = snapshot.counts();
        counts[bounds.length - 1] += counts[bounds.length];
        List<RespValue> buckets = new ArrayList<>();
        long cumulative = 0;
        long total = snapshot.count();
        for (int i = 0; i < bounds.length && cumulative < total; i++) {
            cumulative += counts[i];
            if (cumulative > 0) {
                buckets.add(new RespValue.Int(bounds[i]));
                buckets.add(new RespValue.Int(cumulative));
            }
        }
        return new AdminReplies.Fields().put("calls", total).put("histogram_usec", new RespValue.Dict(buckets))
                .build();
    }
}
