package io.rkproxy.core.runtime;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.command.CommandRewrite;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's FUNCTION libraries on a backend whose library and function names every tenant shares. Both kinds of
 * name reach the backend behind a prefix of the tenant's own, {@code rkproxy_<tenant>__}, and come back without it:
 * FCALL {@code f} calls {@code rkproxy_alice__f}. The prefix is always added, never taken from the client, so no
 * name a tenant writes reaches another tenant's: {@code rkproxy_bob__f} from alice is
 * {@code rkproxy_alice__rkproxy_bob__f}.
 *
 * <p>Names allow only letters, digits and {@code _}, and Redis compares function names ignoring case, so the
 * tenant's name is encoded: lower-case letters and digits stay, every other byte of its UTF-8 becomes {@code _}
 * and two lower-case hex digits ({@code Alice} is {@code _41lice}, {@code a-b} is {@code a_2db}). The encoding
 * never holds {@code __} nor ends with {@code _}, so the first {@code __} after {@code rkproxy_} ends it, and no
 * tenant's prefix starts another's.
 */
public final class TenantFunctions {

    private static final byte[] LIBRARYNAME = "LIBRARYNAME".getBytes(StandardCharsets.US_ASCII);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String tenant;
    private final String prefix;
    private final byte[] prefixBytes;

    public TenantFunctions(String tenant) {
        this.tenant = tenant;
        this.prefix = prefixOf(tenant);
        this.prefixBytes = prefix.getBytes(StandardCharsets.US_ASCII);
    }

    /** The start of every library and function name of {@code tenant} on the backend. */
    public static String prefixOf(String tenant) {
        StringBuilder out = new StringBuilder("rkproxy_");
        for (byte b : tenant.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 'a' && b <= 'z' || b >= '0' && b <= '9') {
                out.append((char) b);
            } else {
                out.append('_').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out.append("__").toString();
    }

    public String tenant() {
        return tenant;
    }

    public String prefix() {
        return prefix;
    }

    /** Whether the command calls a function: FCALL or FCALL_RO. */
    public static boolean calls(RespCommand command) {
        return command.name().equals("fcall") || command.name().equals("fcall_ro");
    }

    /** FCALL or FCALL_RO of the tenant's function; does not take ownership of {@code command}. */
    public RespCommand fcall(RespCommand command) {
        return withArg(command, 1, prefixed(command.argBytes(1)));
    }

    /** FUNCTION LOAD [REPLACE] code, the code (its last argument) in the tenant's namespace, or Redis's error. */
    public CommandRewrite load(RespCommand command) {
        int last = command.argCount() - 1;
        try {
            return new CommandRewrite(withArg(command, last, LibraryCode.namespaced(command.argBytes(last), prefix)),
                    Optional.empty());
        } catch (LibraryCode.Refused e) {
            return new CommandRewrite(null, Optional.of(e.getMessage()));
        }
    }

    /** The backend's name of the library that {@code namespacedLoad}, a {@link #load} rewrite, loads. */
    public static byte[] loadedLibrary(RespCommand namespacedLoad) {
        ByteBuf code = namespacedLoad.arg(namespacedLoad.argCount() - 1);
        int newline = code.indexOf(code.readerIndex(), code.writerIndex(), (byte) '\n');
        String head = code.toString(code.readerIndex(), newline - code.readerIndex(), StandardCharsets.US_ASCII);
        return head.substring(head.indexOf(" name=") + " name=".length()).getBytes(StandardCharsets.US_ASCII);
    }

    /** FUNCTION DELETE of the tenant's library. */
    public RespCommand delete(RespCommand command) {
        return withArg(command, 2, prefixed(command.argBytes(2)));
    }

    /**
     * FUNCTION LIST [WITHCODE] [LIBRARYNAME pattern] narrowed to the tenant's libraries: the pattern gets the
     * prefix, and a listing without one gets {@code LIBRARYNAME rkproxy_<tenant>__*}. (The prefix has no glob
     * characters.) {@link #listed} drops anything else the reply might still hold.
     */
    public RespCommand list(RespCommand command) {
        List<byte[]> args = new ArrayList<>();
        boolean named = false;
        for (int i = 0; i < command.argCount(); i++) {
            args.add(command.argBytes(i));
            if (i >= 2 && command.argEqualsIgnoreCase(i, "libraryname")) {
                named = true;
                if (i + 1 < command.argCount()) {
                    args.add(prefixed(command.argBytes(++i)));
                }
            }
        }
        if (!named) {
            args.add(LIBRARYNAME);
            args.add((prefix + "*").getBytes(StandardCharsets.US_ASCII));
        }
        return RespCommand.of(args.toArray(byte[][]::new));
    }

    /** FUNCTION LIST of every library of the tenant, for FUNCTION FLUSH. */
    public RespCommand listAll() {
        return RespCommand.of("FUNCTION", "LIST", "LIBRARYNAME", prefix + "*");
    }

    /** FUNCTION DELETE of one library, by its name on the backend (from {@link #backendNames}). */
    public static RespCommand deleteLibrary(byte[] backendName) {
        return RespCommand.of("FUNCTION".getBytes(StandardCharsets.US_ASCII),
                "DELETE".getBytes(StandardCharsets.US_ASCII), backendName);
    }

    /** The backend's names of the tenant's libraries in a FUNCTION LIST reply. */
    public List<byte[]> backendNames(RespValue listReply) {
        List<byte[]> names = new ArrayList<>();
        for (RespValue library : listReply.items()) {
            RespValue name = field(library, "library_name");
            if (name instanceof RespValue.Bulk bulk && own(bulk.bytes())) {
                names.add(bulk.bytes());
            }
        }
        return names;
    }

    /**
     * The functions of {@code library} (its name on the backend) in a FUNCTION LIST reply whose names lack the
     * tenant's prefix. LIST's LIBRARYNAME ignores case, where library names do not: other libraries are passed over.
     */
    public List<String> foreignFunctions(RespValue listReply, byte[] library) {
        List<String> foreign = new ArrayList<>();
        for (RespValue listed : listReply.items()) {
            if (field(listed, "library_name") instanceof RespValue.Bulk named && Arrays.equals(named.bytes(), library)
                    && field(listed, "functions") instanceof RespValue.Array registered) {
                for (RespValue function : registered.items()) {
                    if (field(function, "name") instanceof RespValue.Bulk name && !own(name.bytes())) {
                        foreign.add(name.asString());
                    }
                }
            }
        }
        return foreign;
    }

    /**
     * A FUNCTION LIST reply as the tenant sees it: its own libraries only, the names without the prefix, the code as
     * the tenant loaded it.
     */
    public RespValue listed(RespValue reply) {
        if (reply instanceof RespValue.Error error) {
            return error(error);
        }
        List<RespValue> libraries = new ArrayList<>();
        for (RespValue library : reply.items()) {
            if (field(library, "library_name") instanceof RespValue.Bulk name && own(name.bytes())) {
                libraries.add(mapFields(library));
            }
        }
        return reply.withItems(libraries);
    }

    /**
     * FUNCTION STATS as the tenant sees it, from the backend's {@code stats} and a FUNCTION LIST of the tenant's
     * libraries ({@link #listAll}): the running function only when it is the tenant's, its name without the prefix;
     * each engine's libraries and functions counted over the tenant's own (every library is Lua, Redis 7's only
     * engine).
     */
    public RespValue stats(RespValue stats, RespValue ownLibraries) {
        int libraries = 0;
        int functions = 0;
        for (RespValue library : ownLibraries.items()) {
            if (field(library, "library_name") instanceof RespValue.Bulk name && own(name.bytes())) {
                libraries++;
                functions += field(library, "functions").items().size();
            }
        }
        List<RespValue> items = new ArrayList<>(stats.items());
        for (int i = 0; i + 1 < items.size(); i += 2) {
            String key = items.get(i).asText();
            RespValue value = items.get(i + 1);
            if (key.equals("running_script")) {
                items.set(i + 1, running(value));
            } else if (key.equals("engines")) {
                items.set(i + 1, withCounts(value, libraries, functions));
            }
        }
        return stats.withItems(items);
    }

    /** The running function's {@code name} and {@code command} without the prefix, or null when another's runs. */
    private RespValue running(RespValue script) {
        if (script instanceof RespValue.Null
                || !(field(script, "name") instanceof RespValue.Bulk name && own(name.bytes()))) {
            return RespValue.NULL;
        }
        List<RespValue> items = new ArrayList<>(script.items());
        for (int i = 0; i + 1 < items.size(); i += 2) {
            String key = items.get(i).asText();
            RespValue value = items.get(i + 1);
            if (key.equals("name")) {
                items.set(i + 1, new RespValue.Bulk(stripped(name.bytes())));
            } else if (key.equals("command") && value.items().size() > 1
                    && value.items().get(1) instanceof RespValue.Bulk called) {
                List<RespValue> args = new ArrayList<>(value.items());
                args.set(1, new RespValue.Bulk(stripped(called.bytes())));
                items.set(i + 1, value.withItems(args));
            }
        }
        return script.withItems(items);
    }

    private static RespValue withCounts(RespValue engines, int libraries, int functions) {
        List<RespValue> items = new ArrayList<>(engines.items());
        for (int i = 1; i < items.size(); i += 2) {
            List<RespValue> counts = new ArrayList<>(items.get(i).items());
            for (int j = 0; j + 1 < counts.size(); j += 2) {
                switch (counts.get(j).asText()) {
                    case "libraries_count" -> counts.set(j + 1, new RespValue.Int(libraries));
                    case "functions_count" -> counts.set(j + 1, new RespValue.Int(functions));
                    default -> {
                    }
                }
            }
            items.set(i, items.get(i).withItems(counts));
        }
        return engines.withItems(items);
    }

    /** FUNCTION LOAD's reply, the library's name, without the prefix. */
    public RespValue loaded(RespValue reply) {
        return reply instanceof RespValue.Bulk bulk ? new RespValue.Bulk(stripped(bulk.bytes()))
                : reply instanceof RespValue.Error error ? error(error) : reply;
    }

    /** An error of the backend's with the tenant's prefix taken out of the names it mentions. */
    public RespValue.Error error(RespValue.Error error) {
        return new RespValue.Error(error(error.text()));
    }

    public String error(String text) {
        return text.replace(prefix, "");
    }

    private RespValue mapFields(RespValue entry) {
        List<RespValue> items = new ArrayList<>(entry.items());
        for (int i = 0; i + 1 < items.size(); i += 2) {
            String key = items.get(i).asText();
            RespValue value = items.get(i + 1);
            if ((key.equals("library_name") || key.equals("name")) && value instanceof RespValue.Bulk bulk) {
                items.set(i + 1, new RespValue.Bulk(stripped(bulk.bytes())));
            } else if (key.equals("functions")) {
                items.set(i + 1, value.withItems(value.items().stream().map(this::mapFields).toList()));
            } else if (key.equals("library_code") && value instanceof RespValue.Bulk code) {
                items.set(i + 1, new RespValue.Bulk(LibraryCode.original(code.bytes(), prefix)));
            }
        }
        return entry.withItems(items);
    }

    private static RespValue field(RespValue entry, String key) {
        List<RespValue> items = entry.items();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            if (items.get(i) instanceof RespValue.Bulk || items.get(i) instanceof RespValue.Simple) {
                if (items.get(i).asText().equals(key)) {
                    return items.get(i + 1);
                }
            }
        }
        return RespValue.NULL;
    }

    private boolean own(byte[] name) {
        return name.length > prefixBytes.length
                && Arrays.equals(name, 0, prefixBytes.length, prefixBytes, 0, prefixBytes.length);
    }

    private byte[] stripped(byte[] name) {
        return own(name) ? Arrays.copyOfRange(name, prefixBytes.length, name.length) : name;
    }

    private byte[] prefixed(byte[] name) {
        byte[] out = Arrays.copyOf(prefixBytes, prefixBytes.length + name.length);
        System.arraycopy(name, 0, out, prefixBytes.length, name.length);
        return out;
    }

    private static RespCommand withArg(RespCommand command, int index, byte[] value) {
        byte[][] args = new byte[command.argCount()][];
        for (int i = 0; i < args.length; i++) {
            args[i] = i == index ? value : command.argBytes(i);
        }
        return RespCommand.of(args);
    }
}
