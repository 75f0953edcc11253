package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments exactly as Redis's {@code sdssplitargs} does: blank-separated
 * words, {@code "double quotes"} with {@code \n \r \t \b \a \xHH} and backslash escapes, {@code 'single quotes'}
 * with only {@code \'}. As in C, a NUL byte ends the line.
 */
final class InlineArgs {

    private final ByteBuf buf;
    private final int end;

    private InlineArgs(ByteBuf buf, int end) {
        this.buf = buf;
        this.end = end;
    }

    /** The arguments of the line in {@code [start, end)}, possibly none, or {@code null} if quotes are unbalanced. */
    static List<byte[]> split(ByteBuf buf, int start, int end) {
        return new InlineArgs(buf, end).split(start);
    }

    // Mirrors sdssplitargs statement by statement; at() plays the part of the C string's NUL terminator.
    private List<byte[]> split(int p) {
        List<byte[]> args = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (;;) {
            while (at(p) != 0 && isSpace(at(p))) {
                p++;
            }
            if (at(p) == 0) {
                return args;
            }
            boolean inDoubleQuotes = false;
            boolean inSingleQuotes = false;
            boolean done = false;
            current.reset();
            while (!done) {
                int c = at(p);
                if (inDoubleQuotes) {
                    if (c == '\\' && at(p + 1) == 'x' && isHexDigit(at(p + 2)) && isHexDigit(at(p + 3))) {
                        current.write(Character.digit(at(p + 2), 16) * 16 + Character.digit(at(p + 3), 16));
                        p += 3;
                    } else if (c == '\\' && at(p + 1) != 0) {
                        p++;
                        current.write(unescape(at(p)));
                    } else if (c == '"') {
                        // The closing quote must be followed by a blank or the end of the line.
                        if (at(p + 1) != 0 && !isSpace(at(p + 1))) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else if (inSingleQuotes) {
                    if (c == '\\' && at(p + 1) == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (at(p + 1) != 0 && !isSpace(at(p + 1))) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDoubleQuotes = true;
                        case '\'' -> inSingleQuotes = true;
                        default -> current.write(c);
                    }
                }
                if (at(p) != 0) {
                    p++;
                }
            }
            args.add(current.toByteArray());
        }
    }

    private int at(int index) {
        return index < end ? buf.getByte(index) & 0xFF : 0;
    }

    private static int unescape(int c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c;
        };
    }

    /** C's {@code isspace} in the "C" locale. */
    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
