package io.rkproxy.core.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A FUNCTION LOAD library's code as the backend keeps it for one tenant, and back. Its first line,
 * {@code #!lua name=<library>}, is written anew with the tenant's name prefix on the library name; the code itself
 * stays as the tenant wrote it, behind a statement put at the start of its second line (so that line numbers in
 * errors stay the tenant's) which shadows the global {@code redis} with a table whose {@code register_function}
 * puts the prefix on every function name, in both of its forms.
 *
 * <p>Why the tenant cannot go around it: while a library loads, Redis's Lua sees no global but {@code redis} (not
 * {@code _G}, {@code rawget}, {@code getmetatable}, {@code setmetatable}, {@code debug}), so the code has no way to
 * the real table once a local of that name hides it, and the real {@code register_function} works only during a
 * load. When a function runs, the shadow table hands every other field on to the {@code redis} of that moment:
 * the first call through a registered function gives it that table as its metatable.
 */
final class LibraryCode {

    /**
     * The shadowing statement, on one line; {@code %1$s} is the name prefix and {@code %2$s} the tenant's first
     * line in hex, an argument the function ignores, kept there so that FUNCTION LIST WITHCODE gives it back.
     */
    private static final String SHADOW = "local redis = (function(real, prefix) local api, ready = {}, false "
            + "local function named(name) if name == nil or name == '' then return name end return prefix .. name end "
            + "local function wrap(callback) if callback == nil then return nil end return function(...) "
            + "if not ready then ready = true for k in pairs(api) do api[k] = nil end "
            + "setmetatable(api, {__index = redis}) end return callback(...) end end "
            + "api.register_function = function(name, callback, ...) if callback ~= nil then "
            + "return real.register_function(named(name), wrap(callback), ...) end "
            + "return real.register_function({function_name = named(name.function_name), "
            + "callback = wrap(name.callback), flags = name.flags, description = name.description}) end "
            + "api.log = real.log api.LOG_DEBUG = real.LOG_DEBUG api.LOG_VERBOSE = real.LOG_VERBOSE "
            + "api.LOG_NOTICE = real.LOG_NOTICE api.LOG_WARNING = real.LOG_WARNING "
            + "api.REDIS_VERSION = real.REDIS_VERSION api.REDIS_VERSION_NUM = real.REDIS_VERSION_NUM "
            + "return api end)(redis, '%1$s', '%2$s'); ";
    private static final byte[] SHADOW_END = "'); ".getBytes(StandardCharsets.US_ASCII);

    /** What Redis allows in a library or function name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern BLANKS = Pattern.compile("[ \t\r\f\u000B]+");
    private static final String BAD_NAME = "ERR Library names can only contain letters, numbers, or underscores(_)"
            + " and must be at least one character long";

    private LibraryCode() {
    }

    /** Thrown with the error, in Redis's words where Redis has them, for code the proxy cannot namespace. */
    static final class Refused extends Exception {
        Refused(String error) {
            super(error, null, false, false);
        }
    }

    /** The code to load for the tenant whose names start with {@code prefix}. */
    static byte[] namespaced(byte[] code, String prefix) throws Refused {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') {
            throw new Refused("ERR Missing library metadata");
        }
        int newline = indexOf(code, (byte) '\n', 0);
        if (newline < 0) {
            throw new Refused("ERR Invalid library metadata");
        }
        String[] tokens = BLANKS.split(new String(code, 2, newline - 2, StandardCharsets.ISO_8859_1).strip());
        String name = null;
        for (int i = 1; i < tokens.length; i++) {
            if (!tokens[i].regionMatches(true, 0, "name=", 0, 5)) {
                throw new Refused("ERR Invalid metadata value given: " + tokens[i]);
            }
            if (name != null) {
                throw new Refused("ERR Invalid metadata value, name argument was given multiple times");
            }
            name = tokens[i].substring(5);
        }
        if (name == null) {
            throw new Refused("ERR Library name was not given");
        }
        if (!NAME.matcher(name).matches()) {
            throw new Refused(BAD_NAME);
        }
        String engine = tokens[0];
        if (!NAME.matcher(engine).matches()) {
            throw new Refused("ERR Engine '" + engine + "' not found");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(code.length + SHADOW.length() + 2 * newline + 64);
        out.writeBytes(("#!" + engine + " name=" + prefix + name + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(shadow(prefix, HexFormat.of().formatHex(code, 0, newline)));
        out.write(code, newline + 1, code.length - newline - 1);
        return out.toByteArray();
    }

    /** The code as the tenant loaded it, from the backend's copy; code the proxy did not write is left as it is. */
    static byte[] original(byte[] stored, String prefix) {
        int newline = indexOf(stored, (byte) '\n', 0);
        byte[] head = shadow(prefix, "");
        int headLength = head.length - SHADOW_END.length;
        int hexStart = newline + 1 + headLength;
        if (newline < 0 || hexStart > stored.length || !Arrays.equals(stored, newline + 1, hexStart, head, 0,
                headLength)) {
            return stored;
        }
        int hexEnd = indexOf(stored, (byte) '\'', hexStart);
        int codeStart = hexEnd + SHADOW_END.length;
        if (hexEnd < 0 || codeStart > stored.length
                || !Arrays.equals(stored, hexEnd, codeStart, SHADOW_END, 0, SHADOW_END.length)) {
            return stored;
        }
        byte[] firstLine;
        try {
            firstLine = HexFormat.of().parseHex(new String(stored, hexStart, hexEnd - hexStart,
                    StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return stored;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(firstLine.length + stored.length - codeStart + 1);
        out.writeBytes(firstLine);
        out.write('\n');
        out.write(stored, codeStart, stored.length - codeStart);
        return out.toByteArray();
    }

    private static byte[] shadow(String prefix, String firstLineHex) {
        return SHADOW.formatted(prefix, firstLineHex).getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
