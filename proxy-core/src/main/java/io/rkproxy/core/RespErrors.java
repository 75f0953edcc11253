package io.rkproxy.core;

import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The proxy's error vocabulary, in Redis's own words. Texts are without the leading {@code -}; only the session
 * encodes them to RESP.
 */
public final class RespErrors {

    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String AUTH_TIMEOUT = "ERR authentication timeout, closing connection";
    public static final String CLOSING = "ERR the connection is closing";
    public static final String NOPROTO = "NOPROTO unsupported protocol version";
    public static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";
    public static final String MAX_CLIENTS = "ERR max number of clients reached";
    public static final String RATE_LIMITED = "ERR rate limit exceeded";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

    private RespErrors() {
    }

    /**
     * What Redis answers when it refuses EXEC itself before running it (not authenticated, say): the transaction is
     * discarded, and the error says why.
     */
    public static String execAbort(String error) {
        return "EXECABORT Transaction discarded because of: " + error;
    }

    public static String noPermission(String command) {
        return "NOPERM this user has no permissions to run the '" + command + "' command";
    }

    public static String wrongArgs(String command) {
        return "ERR wrong number of arguments for '" + command + "' command";
    }

    public static String syntax() {
        return "ERR syntax error";
    }

    /**
     * Redis 7's text for an unknown command: the name cut to 128 bytes, then the arguments quoted one after another
     * until the quoted list reaches 128 bytes, the last one cut to what is left of that budget. Like Redis's
     * {@code %s}, an argument ends at a NUL byte. Where Redis cuts inside a UTF-8 character, the text here stops
     * before that character, since it is a string.
     */
    public static String unknownCommand(RespCommand command) {
        StringBuilder args = new StringBuilder();
        int length = 0;
        for (int i = 1; i < command.argCount() && length < 128; i++) {
            byte[] printed = printed(command.argBytes(i), 128 - length);
            args.append('\'').append(wholeCharacters(printed)).append("' ");
            length += printed.length + 3;
        }
        String name = wholeCharacters(printed(command.argBytes(0), 128));
        return ("ERR unknown command '" + name + "', with args beginning with: " + args)
                .replace('\r', ' ').replace('\n', ' ');
    }

    public static String unknownSubcommand(RespCommand command) {
        return "ERR unknown subcommand '" + quoted(command.argString(1)) + "'. Try "
                + command.argString(0).toUpperCase(java.util.Locale.ROOT) + " HELP.";
    }

    /** A command that needs a dedicated backend connection, which this proxy does not give yet. */
    /** A command rkproxy does not queue inside MULTI. */
    public static String notInTransaction(String command) {
        return "ERR '" + command + "' is not allowed inside a transaction by rkproxy";
    }

    /** Past the tenant's {@code max-pinned-connections}; {@code needs} says what asks for a connection of its own. */
    public static String maxPinnedConnections(int max, String needs) {
        return "ERR max number of dedicated backend connections reached for this tenant (" + max + "): " + needs;
    }

    public static String notSupported(String command, String why) {
        return "ERR '" + command + "' is not supported by rkproxy: " + why;
    }

    public static String requestTooLarge(int size, int limit) {
        return "ERR request too large: " + size + " bytes, the limit is " + limit + " (max-request-bytes)";
    }

    public static String queuedPublishesTooLarge(long maxBytes) {
        return "ERR the PUBLISHes queued in this transaction would hold more than " + maxBytes
                + " bytes in the proxy (server.client-output-buffer-soft-bytes)";
    }

    public static String tenantRemoved(String tenant) {
        return "ERR tenant '" + tenant + "' no longer exists; closing the connection";
    }

    public static String closedByOperator(String tenant) {
        return "ERR an operator closed the connections of tenant '" + tenant + "'; authenticate again";
    }

    public static String credentialRevoked(String tenant) {
        return "ERR this connection authenticated with a password or certificate that no longer admits it to tenant '"
                + tenant + "', and an operator closed it; authenticate again with a current one";
    }

    public static String poolUnavailable(String pool, String cause) {
        return "ERR backend pool '" + pool + "' is unavailable: " + cause;
    }

    private static String quoted(String arg) {
        String s = arg.length() > 128 ? arg.substring(0, 128) : arg;
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    /** What C's {@code %.*s} prints of {@code arg}: up to the first NUL byte, at most {@code max} bytes. */
    private static byte[] printed(byte[] arg, int max) {
        int end = 0;
        while (end < arg.length && end < max && arg[end] != 0) {
            end++;
        }
        return Arrays.copyOf(arg, end);
    }

    /** The UTF-8 text of {@code bytes} without a character cut short at their end. */
    private static String wholeCharacters(byte[] bytes) {
        int end = bytes.length;
        int start = end - 1;
        while (start >= 0 && start > end - 4 && (bytes[start] & 0xC0) == 0x80) {
            start--;
        }
        if (start >= 0 && (bytes[start] & 0x80) != 0) {
            int lead = bytes[start] & 0xFF;
            int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (end - start < needed) {
                end = start;
            }
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
