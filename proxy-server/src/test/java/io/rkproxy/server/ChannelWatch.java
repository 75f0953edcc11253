package io.rkproxy.server;

import io.rkproxy.core.config.TenantConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Listens for what the attacker publishes where it must not. The victim is subscribed through the proxy to channels
 * and a pattern whose names the attacker uses; the operator is subscribed on the backend to every channel. Messages
 * carrying the victim's token are the probe's own, published on the victim's behalf. Any other frame the victim
 * gets, and any message the operator sees outside the attacker's channel prefix, came from the attacker.
 */
final class ChannelWatch implements AutoCloseable {

    private final ProbeConnection victim;
    private final ProbeConnection everything;
    private final String token;
    private final String attackerChannels;
    private final long victimClientId;
    /** Frames read while waiting for {@link #missing}'s proof, still to be judged by {@link #strays}. */
    private final List<String> victimLate = new ArrayList<>();
    private final List<String> everythingLate = new ArrayList<>();

    private ChannelWatch(ProbeConnection victim, ProbeConnection everything, String token, String attackerChannels,
                         long victimClientId) {
        this.victim = victim;
        this.everything = everything;
        this.token = token;
        this.attackerChannels = attackerChannels;
        this.victimClientId = victimClientId;
    }

    static ChannelWatch start(int proxyPort, ProbeTenant victim, ProbeTenant attacker, VictimData data,
                              Backend backend) {
        ProbeConnection subscriber = ProbeConnection.login(proxyPort, victim.password(), false)
                .timeout(CrossTenantProbe.HARNESS_TIMEOUT_MILLIS);
        long id = Long.parseLong(subscriber.call("CLIENT", "ID").substring(1));
        List<String> subscribe = new ArrayList<>(List.of("SUBSCRIBE"));
        subscribe.addAll(data.subscribedChannels());
        expectConfirmations(subscriber, "subscribe", subscribe.size() - 1, subscribe);
        expectConfirmations(subscriber, "psubscribe", 1, List.of("PSUBSCRIBE", VictimData.PATTERN));
        expectConfirmations(subscriber, "ssubscribe", 1, List.of("SSUBSCRIBE", VictimData.SHARD_CHANNEL));
        ProbeConnection operator = backend.connect().timeout(CrossTenantProbe.HARNESS_TIMEOUT_MILLIS);
        expectConfirmations(operator, "psubscribe", 1, List.of("PSUBSCRIBE", "*"));
        return new ChannelWatch(subscriber, operator, data.token(), attacker.channelPrefix(), id);
    }

    private static void expectConfirmations(ProbeConnection c, String kind, int count, List<String> command) {
        try {
            c.send(List.of(command));
            for (int i = 0; i < count; i++) {
                String reply = c.read();
                if (!reply.startsWith(kind + "\n")) {
                    throw new IllegalStateException(command + ": " + reply);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long victimClientId() {
        return victimClientId;
    }

    /** The victim subscriber's address as the proxy sees it, for probes that name a client. */
    String victimAddress() {
        return "127.0.0.1:" + victim.localPort();
    }

    /** Everything that arrived since the last call that the attacker must not have caused, one line each. */
    List<String> strays() {
        List<String> strays = new ArrayList<>();
        for (String frame : arrived(victim, victimLate)) {
            if (!frame.contains(token)) {
                strays.add("the victim's subscriber got " + flat(frame));
            }
        }
        for (String frame : arrived(everything, everythingLate)) {
            String[] lines = frame.split("\n");
            // rkproxy's own channels (WAIT's mark) no tenant can subscribe to: config refuses a prefix reaching them
            boolean ours = frame.contains(token) || lines.length > 2 && (lines[2].startsWith(attackerChannels)
                    || lines[2].startsWith(TenantConfig.PROXY_CHANNELS));
            if (!ours) {
                strays.add("the backend carried a message outside the attacker's channels: " + flat(frame));
            }
        }
        if (victim.isClosed(1)) {
            strays.add("the victim's subscriber connection was closed");
        }
        return strays;
    }

    /**
     * Waits until both listeners have a message holding {@code payload}, which the victim published itself: proof
     * that they listened all along. Returns what is missing, or null. Other frames read meanwhile are kept for
     * {@link #strays}.
     */
    String missing(String payload) {
        StringBuilder missing = new StringBuilder();
        if (!receives(victim, payload, victimLate)) {
            missing.append("the victim's subscriber did not get its own message; ");
        }
        if (!receives(everything, payload, everythingLate)) {
            missing.append("the backend listener did not see the victim's message");
        }
        return missing.isEmpty() ? null : missing.toString();
    }

    private static boolean receives(ProbeConnection c, String payload, List<String> others) {
        try {
            while (true) {
                String frame = c.read();
                if (frame.contains(payload)) {
                    return true;
                }
                others.add(frame);
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> arrived(ProbeConnection c, List<String> late) {
        List<String> frames = new ArrayList<>(late);
        late.clear();
        try {
            while (c.hasInput()) {
                frames.add(c.read());
            }
        } catch (IOException e) {
            frames.add("(unreadable: " + e + ")");
        }
        return frames;
    }

    private static String flat(String frame) {
        return frame.replace("\n", " | ");
    }

    @Override
    public void close() {
        victim.close();
        everything.close();
    }
}
