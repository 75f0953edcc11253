package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.metrics.LatencyEvents;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * LATENCY LATEST, HISTORY, RESET, DOCTOR and GRAPH for a tenant of a shared pool, in Redis's reply shapes, from the
 * tenant's own latency monitor on this proxy node ({@link LatencyEvents}): its commands at least
 * {@code latency-monitor-threshold-ms} slow, arrival to reply, as the event {@code command}.
 */
final class LatencyMonitor {

    static final Set<String> SUBCOMMANDS = Set.of("latest", "history", "reset", "doctor", "graph");

    private LatencyMonitor() {
    }

    static void execute(LocalContext session, CommandContext ctx, RespCommand command, String sub) {
        LatencyEvents events = ctx.meters().latencyEvents();
        int argc = command.argCount();
        boolean arityOk = switch (sub) {
            case "latest", "doctor" -> argc == 2;
            case "history", "graph" -> argc == 3;
            default -> true;
        };
        if (!arityOk) {
            session.replyError(RespErrors.wrongArgs("latency|" + sub));
            return;
        }
        switch (sub) {
            case "latest" -> reply(session, AdminReplies.list(events.latest(), l -> new RespValue.Array(List.of(
                    AdminReplies.bulk(l.event()), new RespValue.Int(l.sample().unixSeconds()),
                    new RespValue.Int(l.sample().millis()), new RespValue.Int(l.maxMillis())))));
            case "history" -> reply(session, AdminReplies.list(events.history(command.argString(2)),
                    s -> new RespValue.Array(List.of(new RespValue.Int(s.unixSeconds()),
                            new RespValue.Int(s.millis())))));
            case "reset" -> {
                List<String> named = new ArrayList<>();
                for (int i = 2; i < argc; i++) {
                    named.add(command.argString(i));
                }
                session.reply(RespReplies.integer(session.alloc(), events.reset(named)));
            }
            case "doctor" -> session.reply(RespReplies.bulk(session.alloc(),
                    LatencyText.doctor(ctx.tenant().name(), ctx.tenant().latencyMonitorThresholdMs(), events)));
            default -> {
                String event = command.argString(2);
                List<LatencyEvents.Sample> samples = events.history(event);
                if (samples.isEmpty()) {
                    session.replyError("ERR No samples available for event '" + event + "'");
                } else {
                    session.reply(RespReplies.bulk(session.alloc(), LatencyText.graph(event, samples,
                            events.max(event), System.currentTimeMillis() / 1000)));
                }
            }
        }
    }

    private static void reply(LocalContext session, RespValue value) {
        session.reply(RespValueEncoder.encode(value, session.alloc().buffer(), session.protocol()));
    }
}
