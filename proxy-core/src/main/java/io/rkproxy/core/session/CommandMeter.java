package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.command.AclCategory;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.local.ConfigSettings;
import io.rkproxy.core.metrics.LatencyEvents;
import io.rkproxy.core.metrics.LatencyHistogram;
import io.rkproxy.core.metrics.SlowLog;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Feeds a session's replies into its tenant's meters (bytes out, errors by kind, latency, latency events, hot and big
 * keys) and slow commands into the node's slow log. One per session, on its event loop.
 *
 * <p>Cheap per reply, since every command pays it: the replies written in one event-loop turn share one reading of
 * the clock, and their bytes and latencies reach the tenant's shared adders once for all of them, when the turn
 * ends ({@link #turnEnded()}). Only the latency by command name, for LATENCY HISTOGRAM, is added per reply.
 */
final class CommandMeter implements ReplyQueue.Observer {

    private static final int MAX_ERROR_KIND = 32;
    /** The latency monitor's event for a command, as Redis's. */
    private static final String COMMAND_EVENT = "command";
    private static final Set<String> MAY_CARRY_SECRETS = Set.of("auth", "hello", "migrate", "acl");

    private final ClientSession session;
    private final int bigReplyBytes;
    private final SlowLog slowLog;
    private final KeyWatch keyWatch;
    private final LatencyHistogram.Batch latencies = new LatencyHistogram.Batch();
    /** The meters the figures gathered in this turn go to; null when there are none. */
    private TenantMeters gathering;
    private long replyBytes;
    private int bigReplies;
    private boolean clockRead;
    private long now;

    CommandMeter(ClientSession session, ServerConfig server, SlowLog slowLog) {
        this.session = session;
        this.bigReplyBytes = server.bigReplyBytes();
        this.slowLog = slowLog;
        this.keyWatch = new KeyWatch(server);
    }

    @Override
    public void replied(RespCommand command, CommandSpec spec, long arrivedNanos, ByteBuf reply) {
        TenantMeters meters = session.meters();
        if (meters == null) {
            return;
        }
        if (meters != gathering) {
            addGathered();
            gathering = meters;
        }
        int bytes = reply.readableBytes();
        replyBytes += bytes;
        if (bytes >= bigReplyBytes) {
            bigReplies++;
        }
        if (bytes > 0 && reply.getByte(reply.readerIndex()) == '-') {
            meters.error(errorKind(reply));
        }
        if (command != null) {
            keyWatch.replied(meters.keys(), command, spec, bytes);
            if (!clockRead) {
                now = session.runtime().nanoTime();
                clockRead = true;
            }
            long nanos = now - arrivedNanos;
            latencies.record(nanos);
            meters.commandLatencies().record(command.name(), nanos);
            boolean slow = slowLog.slow(session.tenantName(), nanos / 1000);
            LatencyEvents events = meters.latencyEvents();
            // a blocking command's time is mostly its wait, which Redis's slow log and latency monitor do not count;
            // a reply that lands after a reload removed its tenant must not bring back what the reload forgot
            if ((slow || events.over(nanos))
                    && (spec == null || !spec.resolve(command).inCategory(AclCategory.BLOCKING))
                    && session.runtime().snapshot().tenant(session.tenantName()).isPresent()) {
                long unixMillis = System.currentTimeMillis();
                if (slow) {
                    slowLog.add(unixMillis, nanos / 1000, session.tenantName(), session.poolName(),
                            session.remoteAddress(), session.clientName(), summary(command));
                }
                events.add(COMMAND_EVENT, nanos, unixMillis);
            }
        }
    }

    @Override
    public void turnEnded() {
        clockRead = false;
        addGathered();
    }

    private void addGathered() {
        if (gathering != null) {
            gathering.replies(replyBytes, bigReplies);
            latencies.addTo(gathering.latency());
            gathering = null;
            replyBytes = 0;
            bigReplies = 0;
        }
    }

    @Override
    public void pushed(ByteBuf message) {
        TenantMeters meters = session.meters();
        if (meters != null) {
            int bytes = message.readableBytes();
            meters.reply(bytes, bytes >= bigReplyBytes);
        }
    }

    /** The first word of an error reply ({@code -WRONGTYPE ...}), or ERR when it is not a plain upper-case word. */
    static String errorKind(ByteBuf reply) {
        int start = reply.readerIndex() + 1;
        int end = Math.min(reply.writerIndex(), start + MAX_ERROR_KIND);
        int i = start;
        while (i < end) {
            byte b = reply.getByte(i);
            if (b == ' ' || b == '\r') {
                break;
            }
            if (b < 'A' || b > 'Z') {
                return "ERR";
            }
            i++;
        }
        return i == start || i == end ? "ERR" : reply.toString(start, i - start, StandardCharsets.US_ASCII);
    }

    /**
     * The command name and its first arguments, each cut to {@link SlowLog#MAX_ARG_CHARS}. The arguments of commands
     * that may carry a password are left out, and the values CONFIG SET gives settings that may be secrets, as Redis's
     * slow log redacts them.
     */
    static List<String> summary(RespCommand command) {
        if (MAY_CARRY_SECRETS.contains(command.name())) {
            return command.argCount() == 1 ? List.of(command.argString(0))
                    : List.of(command.argString(0), "(redacted)");
        }
        boolean configSet = command.name().equals("config") && command.argCount() > 1
                && command.argEqualsIgnoreCase(1, "set");
        int n = Math.min(command.argCount(), SlowLog.MAX_ARGS);
        List<String> args = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            if (configSet && i >= 3 && i % 2 == 1 && !ConfigSettings.harmless(command.argString(i - 1))) {
                args.add("(redacted)");
                continue;
            }
            ByteBuf arg = command.arg(i);
            int length = arg.readableBytes();
            int shown = Math.min(length, SlowLog.MAX_ARG_CHARS);
            String text = arg.toString(arg.readerIndex(), shown, StandardCharsets.UTF_8);
            args.add(shown < length ? text + "... (" + (length - shown) + " more bytes)" : text);
        }
        if (command.argCount() > n) {
            args.add("... (" + (command.argCount() - n) + " more arguments)");
        }
        return args;
    }
}
