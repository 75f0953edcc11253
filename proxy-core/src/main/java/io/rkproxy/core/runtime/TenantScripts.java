package io.rkproxy.core.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.backend.RewritingCallback;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * One tenant's scripts on a backend whose script cache every tenant shares. Each script body reaches the backend
 * with a line naming the tenant appended, so the same text has another SHA1 for every tenant, and the tenant keeps
 * seeing the SHA1 of its own text: this maps it to the backend's. A SHA1 the tenant never loaded or ran through
 * this node maps to nothing, so EVALSHA of another tenant's script gets NOSCRIPT (and clients then send EVAL) and
 * SCRIPT EXISTS says 0. Thread-safe: a tenant's sessions run on every event loop.
 */
public final class TenantScripts {

    /** Scripts remembered per tenant; past it the least used are forgotten, which costs their users one EVAL. */
    static final int MAX_SCRIPTS = 10_000;

    /** Stands for a SHA1 the tenant does not know: not 40 characters, so Redis answers NOSCRIPT, or 0 in EXISTS. */
    private static final byte[] UNKNOWN = "unknown-script".getBytes(StandardCharsets.US_ASCII);

    private static final Set<String> COMMANDS = Set.of("eval", "eval_ro", "evalsha", "evalsha_ro", "script");

    private final byte[] mark;
    private final Cache<String, byte[]> backendShas = Caffeine.newBuilder().maximumSize(MAX_SCRIPTS).build();

    TenantScripts(String tenant) {
        this.mark = ("\n--rkproxy tenant " + tenant).getBytes(StandardCharsets.UTF_8);
    }

    public static boolean handles(RespCommand command) {
        return COMMANDS.contains(command.name())
                && (!command.name().equals("script") || command.argCount() > 2 && isLoadOrExists(command));
    }

    private static boolean isLoadOrExists(RespCommand command) {
        return command.argEqualsIgnoreCase(1, "load") || command.argEqualsIgnoreCase(1, "exists");
    }

    /** The command as the backend must see it; does not take ownership of {@code command}. */
    public RespCommand apply(RespCommand command) {
        byte[][] args = new byte[command.argCount()][];
        for (int i = 0; i < args.length; i++) {
            args[i] = command.argBytes(i);
        }
        switch (command.name()) {
            case "eval", "eval_ro" -> args[1] = marked(args[1]);
            case "evalsha", "evalsha_ro" -> args[1] = backendSha(args[1]);
            default -> {
                if (command.argEqualsIgnoreCase(1, "load")) {
                    args[2] = marked(args[2]);
                } else {
                    for (int i = 2; i < args.length; i++) {
                        args[i] = backendSha(args[i]);
                    }
                }
            }
        }
        return RespCommand.of(args);
    }

    /** SCRIPT LOAD answers with the SHA1 of the tenant's own text; other replies name no script. */
    public ReplyCallback replies(RespCommand command, ReplyCallback slot, ReplyFormat session) {
        if (!command.name().equals("script") || !command.argEqualsIgnoreCase(1, "load")) {
            return slot;
        }
        byte[] own = sha1Hex(command.argBytes(2));
        return new RewritingCallback(slot, session, reply -> reply instanceof RespValue.Bulk ? new RespValue.Bulk(own)
                : reply);
    }

    /**
     * SCRIPT FLUSH of this tenant: its scripts are forgotten, so their SHA1s get NOSCRIPT. The backend's copies stay
     * in the cache every tenant shares, out of this tenant's reach.
     */
    public void flush() {
        backendShas.invalidateAll();
    }

    private byte[] marked(byte[] body) {
        byte[] backend = Arrays.copyOf(body, body.length + mark.length);
        System.arraycopy(mark, 0, backend, body.length, mark.length);
        backendShas.put(new String(sha1Hex(body), StandardCharsets.US_ASCII), sha1Hex(backend));
        return backend;
    }

    private byte[] backendSha(byte[] own) {
        byte[] backend = backendShas.getIfPresent(new String(own, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT));
        return backend != null ? backend : UNKNOWN;
    }

    private static byte[] sha1Hex(byte[] text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }
}
