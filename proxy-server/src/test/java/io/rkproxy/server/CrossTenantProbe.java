package io.rkproxy.server;

import io.rkproxy.core.runtime.TenantFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sends every form of every command of the backend's COMMAND table, every way ({@link Delivery}), as the attacker
 * tenant through the proxy, and looks for what it reached of the victim's:
 * <ul>
 *   <li>every reply, for the victim's token or a keyspace listing ({@link LeakInspector});</li>
 *   <li>after each command, the backend read directly ({@link BackendSnapshot}): nothing but the attacker's own
 *       keys may have changed, nor server-wide state; a change is pinned to its form by replaying them one by one;</li>
 *   <li>the channels ({@link ChannelWatch}): nothing the attacker publishes may reach the victim or leave the
 *       attacker's channels; and when a probe leaves the attacker subscribed, messages published on the victim's
 *       channels must not reach it;</li>
 *   <li>after each command and way, on the same connection, scripts that try to leave the attacker's db or prefix
 *       (a command may have left the shared backend connection unconfined), and the victim's own view.</li>
 * </ul>
 */
final class CrossTenantProbe implements AutoCloseable {

    /** Opens a connection of the attacker's, in RESP3 if asked: through the proxy, or for the control, not. */
    interface AttackerLogin {
        ProbeConnection open(boolean resp3);
    }

    private static final Pattern MESSAGE_ID = Pattern.compile(AttackValues.MESSAGE_PREFIX + "(\\d+)-(\\w+)");
    /** How long the probe's own connections wait for a reply (a probe waits less, and a timeout is no breach). */
    static final int HARNESS_TIMEOUT_MILLIS = 10_000;
    /** The mark {@code TenantScripts} appends to a tenant's script; checked against the backend at setup. */
    private static final String SCRIPT_MARK = "\n--rkproxy tenant ";
    /** The backend's libraries, which may change only in the attacker's own namespace. */
    private static final List<String> LIBRARIES = List.of("FUNCTION", "LIST", "WITHCODE");

    private final PoolKind kind;
    private final int proxyPort;
    private final Backend backend;
    private final ProbeTenant attacker;
    private final ProbeTenant victim;
    private final AttackerLogin attackerLogin;
    private final VictimData data = VictimData.random();
    private final LeakInspector inspector;
    private final ProbeReport report;
    private final Map<Integer, CommandForm> formsById = new HashMap<>();
    private ChannelWatch channels;
    private ProbeConnection victimClient;
    private ProbeConnection home;
    private CommandFormGenerator generator;
    private List<List<String>> serverQueries;
    private String victimBackendSha;
    private BackendSnapshot baseline;

    CrossTenantProbe(PoolKind kind, int proxyPort, Backend backend, ProbeTenant attacker, ProbeTenant victim,
                     AttackerLogin attackerLogin) {
        this.kind = kind;
        this.proxyPort = proxyPort;
        this.backend = backend;
        this.attacker = attacker;
        this.victim = victim;
        this.attackerLogin = attackerLogin;
        this.inspector = new LeakInspector(data.token(), kind);
        this.report = new ProbeReport(kind);
    }

    /** Writes the victim's data, subscribes the victim, and takes the baseline every check compares with. */
    void setUp() {
        backend.everywhere(List.of("FUNCTION", "LOAD", "REPLACE", Delivery.FUNCTION_LIBRARY));
        for (Backend.Place place : backend.places()) {
            data.victimWrites(place::key).forEach(write -> backend.execute(place, write));
        }
        victimClient = harnessLogin(victim);
        String victimSha = victimClient.call("SCRIPT", "LOAD", data.scriptBody());
        victimBackendSha = sha1(data.scriptBody() + SCRIPT_MARK + victim.name());
        channels = ChannelWatch.start(proxyPort, victim, attacker, data, backend);
        home = harnessLogin(attacker);
        warmUp();
        generator = new CommandFormGenerator(new AttackValues(kind, attacker, victim, new AttackValues.VictimFacts(
                channels.victimClientId(), channels.victimAddress(), List.of(victimSha, victimBackendSha),
                backend.port(), backend.restorePayload())));
        serverQueries = List.of(LIBRARIES, List.of("ACL", "LIST"), List.of("CONFIG", "GET", "*"),
                List.of("SCRIPT", "EXISTS", victimBackendSha),
                List.of("PUBSUB", "NUMSUB", victim.channelPrefix() + VictimData.CHANNEL,
                        victim.channelPrefix() + data.hiddenChannel()),
                List.of("PUBSUB", "SHARDNUMSUB", victim.channelPrefix() + VictimData.SHARD_CHANNEL));
        if (!backend.everywhere(List.of("SCRIPT", "EXISTS", victimBackendSha)).stream().allMatch("1"::equals)) {
            throw new IllegalStateException("the victim's script is not on the backend as " + victimBackendSha
                    + ": has the proxy's script mark changed?");
        }
        baseline = snapshot();
        List<String> unsteady = snapshot().changesSince(baseline);
        if (!unsteady.isEmpty()) {
            throw new IllegalStateException("the backend changes by itself: " + unsteady);
        }
    }

    /**
     * Backend users and connections are made on first use; both tenants touch every node first, so that the
     * baseline already has them.
     */
    private void warmUp() {
        for (ProbeTenant tenant : List.of(attacker, victim)) {
            for (boolean resp3 : new boolean[] {false, true}) {
                try (ProbeConnection c = ProbeConnection.login(proxyPort, tenant.password(), resp3)) {
                    for (int i = 0; i < 10; i++) {
                        c.call("EXISTS", "warm-up{h" + i + "}");
                    }
                }
            }
        }
    }

    ProbeReport run(List<ProbedCommand> commands) {
        for (ProbedCommand command : commands) {
            batch(command);
        }
        String proof = data.canary("proof");
        victimClient.call("PUBLISH", VictimData.CHANNEL, proof);
        String missing = channels.missing(proof);
        if (missing != null) {
            throw new IllegalStateException("the channel watch was not listening: " + missing);
        }
        checkChannels();
        report.finish();
        return report;
    }

    /** One command: all its forms, every way, then the checks that need the backend. */
    private void batch(ProbedCommand command) {
        List<CommandForm> forms = generator.forms(command);
        forms.forEach(f -> formsById.put(f.id(), f));
        report.command(command, forms.size());
        resetAttackerHome();
        for (Delivery delivery : Delivery.values()) {
            if (delivery.appliesTo(command)) {
                probeAll(command, delivery, forms);
            }
        }
        checkChannels();
        checkVictimView(command);
        List<String> changes = snapshot().changesSince(baseline);
        if (!changes.isEmpty()) {
            pinDown(command, forms, changes);
        }
    }

    private void probeAll(ProbedCommand command, Delivery delivery, List<CommandForm> forms) {
        ProbeConnection c = attackerConnection(delivery);
        try {
            for (CommandForm form : forms) {
                List<List<String>> sent = delivery.wrap(form, attacker.keyPrefix());
                ProbeExchange outcome = ProbeExchange.over(c, sent);
                report.probe(command, outcome.answered());
                if (outcome.timedOut()) {
                    report.timeout(delivery.label(), CommandForm.lines(sent));
                }
                inspect(outcome, command.name(), delivery.label(), CommandForm.lines(sent));
                if (outcome.subscribed()) {
                    eavesdrop(c, command, delivery, sent);
                }
                if (!outcome.clean()) {
                    c.close();
                    c = attackerConnection(delivery);
                }
            }
            ProbeExchange escape = ProbeExchange.over(c, escapeAttempts());
            inspect(escape, command.name(), delivery.label(), "(on the same connection, after its forms) "
                    + CommandForm.lines(escapeAttempts()));
        } finally {
            c.close();
        }
    }

    /**
     * Scripts that try to leave the attacker's db or prefix, and a read of the victim's key by the victim's name:
     * refused or the attacker's own as long as the shared backend connection is confined.
     */
    private List<List<String>> escapeAttempts() {
        List<String> script = kind == PoolKind.STANDALONE
                ? List.of("EVAL", "redis.call('select', ARGV[1]) return redis.call('get', ARGV[2])", "0",
                        Integer.toString(victim.db()), VictimData.STRING)
                : List.of("EVAL", "return redis.call('get', ARGV[1])", "1", VictimData.ANCHOR,
                        victim.backendKey(VictimData.STRING));
        return List.of(script, List.of("GET", VictimData.STRING));
    }

    /** The attacker is subscribed: messages on the victim's channels, or on no tenant's, must not reach it. */
    private void eavesdrop(ProbeConnection c, ProbedCommand command, Delivery delivery, List<List<String>> sent) {
        String message = data.canary("message");
        for (String channel : data.subscribedChannels()) {
            backend.publish(victim.channelPrefix() + channel, message);
            backend.publish(channel, message);
        }
        backend.spublish(victim.channelPrefix() + VictimData.SHARD_CHANNEL, message);
        backend.spublish(VictimData.SHARD_CHANNEL, message);
        inspect(ProbeExchange.over(c, List.of()), command.name(), delivery.label(),
                CommandForm.lines(sent) + " (then messages published on the victim's channels)");
    }

    private void inspect(ProbeExchange outcome, String command, String delivery, String form) {
        for (String reply : outcome.replies()) {
            inspector.leak(reply).ifPresent(leak -> report.breach(new Breach(command, delivery, form, leak)));
        }
    }

    private void checkChannels() {
        for (String stray : channels.strays()) {
            Matcher id = MESSAGE_ID.matcher(stray);
            CommandForm form = id.find() ? formsById.get(Integer.parseInt(id.group(1))) : null;
            report.breach(form == null ? new Breach("(unknown)", "-", "-", stray)
                    : new Breach(form.command().name(), id.group(2), CommandForm.lines(sentAs(form, id.group(2))),
                    stray));
            if (stray.endsWith("connection was closed")) {
                channels.close();
                channels = ChannelWatch.start(proxyPort, victim, attacker, data, backend);
            }
        }
    }

    /** The victim still reads its own value through the proxy, in its own db or prefix. */
    private void checkVictimView(ProbedCommand command) {
        String own;
        try {
            own = victimClient.call("GET", VictimData.STRING);
        } catch (UncheckedIOException e) {
            own = "nothing: its connection failed (" + e.getCause() + ")";
            victimClient.close();
            victimClient = harnessLogin(victim);
        }
        if (!own.equals(data.canary("value") + "-string")) {
            report.breach(new Breach(command.name(), "-", "(all forms)", "the victim's GET "
                    + VictimData.STRING + " now answers " + own));
        }
    }

    /** The backend changed during a command: replay its forms one at a time to find which did it. */
    private void pinDown(ProbedCommand command, List<CommandForm> forms, List<String> changes) {
        boolean found = false;
        restoreBackend();
        for (Delivery delivery : Delivery.values()) {
            if (!delivery.appliesTo(command)) {
                continue;
            }
            for (CommandForm form : forms) {
                List<List<String>> sent = delivery.wrap(form, attacker.keyPrefix());
                try (ProbeConnection c = attackerConnection(delivery)) {
                    ProbeExchange.over(c, sent);
                }
                List<String> caused = snapshot().changesSince(baseline);
                if (!caused.isEmpty()) {
                    found = true;
                    report.breach(new Breach(command.name(), delivery.label(), CommandForm.lines(sent),
                            "on the backend: " + String.join("; ", caused)));
                    restoreBackend();
                }
            }
        }
        if (!found) {
            report.breach(new Breach(command.name(), "(some)", "(no single form did it again)",
                    "on the backend: " + String.join("; ", changes)));
        }
        restoreBackend();
    }

    /**
     * Puts the victim's keys, the function library and the victim's script back. A restored set or hash may DUMP its
     * members in another order, and what cannot be put back (a config, an ACL user) must not be blamed on the next
     * forms: what the backend holds now is the new baseline.
     */
    private void restoreBackend() {
        backend.restore(baseline);
        backend.everywhere(List.of("FUNCTION", "LOAD", "REPLACE", Delivery.FUNCTION_LIBRARY));
        backend.everywhere(List.of("SCRIPT", "LOAD", data.scriptBody() + SCRIPT_MARK + victim.name()));
        baseline = snapshot();
    }

    /**
     * The attacker's own keys, back to the same names and types before each command. A probe may have closed the
     * connection that writes them (CLIENT KILL), so a failed write is tried once more on a new one.
     */
    private void resetAttackerHome() {
        backend.clearAttacker();
        List<List<String>> writes = new ArrayList<>(VictimData.writes(name -> name, "attacker-own"));
        // the library of the FCALL delivery, in the attacker's own namespace, which its probes may have emptied
        writes.add(List.of("FUNCTION", "LOAD", "REPLACE", Delivery.FUNCTION_LIBRARY));
        try {
            writeHome(writes);
        } catch (IOException e) {
            home.close();
            home = harnessLogin(attacker);
            try {
                writeHome(writes);
            } catch (IOException again) {
                throw new UncheckedIOException("cannot write the attacker's own keys", again);
            }
        }
    }

    private void writeHome(List<List<String>> writes) throws IOException {
        home.send(writes);
        for (List<String> write : writes) {
            String reply = home.read();
            if (reply.startsWith("-")) {
                throw new IllegalStateException(String.join(" ", write) + ": " + reply);
            }
        }
    }

    /**
     * The backend now, but for the attacker's own function libraries: a tenant loads, deletes and flushes its own
     * (TenantFunctions), which are under a name prefix of its own.
     */
    private BackendSnapshot snapshot() {
        String own = TenantFunctions.prefixOf(attacker.name());
        return backend.snapshot(serverQueries).withServerReplies((query, reply) ->
                query.endsWith(String.join(" ", LIBRARIES)) ? othersLibraries(reply, own) : reply);
    }

    /** The libraries of a flat FUNCTION LIST WITHCODE reply whose names do not start with {@code own}, sorted. */
    private static String othersLibraries(String listing, String own) {
        List<List<String>> libraries = new ArrayList<>();
        for (String line : listing.split("\n", -1)) {
            if (line.equals("library_name") || libraries.isEmpty()) {
                libraries.add(new ArrayList<>());
            }
            libraries.get(libraries.size() - 1).add(line);
        }
        return libraries.stream().filter(l -> l.size() < 2 || !l.get(1).startsWith(own))
                .map(l -> String.join("\n", l)).sorted().collect(Collectors.joining("\n"));
    }

    /** A connection of the probe's own through the proxy: patient, since its failures would be reported. */
    private ProbeConnection harnessLogin(ProbeTenant tenant) {
        return ProbeConnection.login(proxyPort, tenant.password(), false).timeout(HARNESS_TIMEOUT_MILLIS);
    }

    private List<List<String>> sentAs(CommandForm form, String deliveryLabel) {
        for (Delivery delivery : Delivery.values()) {
            if (delivery.label().equals(deliveryLabel)) {
                return delivery.wrap(form, attacker.keyPrefix());
            }
        }
        return List.of(form.args());
    }

    private ProbeConnection attackerConnection(Delivery delivery) {
        return attackerLogin.open(delivery == Delivery.RESP3);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (channels != null) {
            channels.close();
        }
        if (victimClient != null) {
            victimClient.close();
        }
        if (home != null) {
            home.close();
        }
    }
}
