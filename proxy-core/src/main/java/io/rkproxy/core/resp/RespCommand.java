package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.AbstractReferenceCounted;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One client command: the complete RESP multibulk encoding of the command ({@code *N\r\n$len\r\narg\r\n...}) plus
 * where each argument lies in it. A command always has at least one argument.
 *
 * <p>A {@code RespCommand} owns its {@link #content()}. Whoever receives a command owns one reference and releases
 * it or hands it on. The arguments are found where they were when the command was made, whatever is done with the
 * content's indexes since: writing {@code content().retain()} and keeping the command is fine.
 *
 * <p>Small, because one is made for every command: the positions of the first {@value #INLINE_ARGS} arguments are
 * fields, only the rest take an array, and a known {@link #name()} is a shared constant.
 */
public final class RespCommand extends AbstractReferenceCounted {

    /** How many arguments' positions are held in fields. */
    static final int INLINE_ARGS = 3;
    private static final int CRLF = ('\r' << 8) | '\n';

    private final ByteBuf content;
    /** The content's reader index when the command was made; argument offsets count from here. */
    private final int start;
    private final int argCount;
    /** Where the first arguments lie, as {@link #position}s. */
    private final long arg0;
    private final long arg1;
    private final long arg2;
    /** Where the arguments after the first {@value #INLINE_ARGS} lie; null when there are none. */
    private final long[] moreArgs;
    private String name;

    /**
     * Takes ownership of {@code content}. The first {@code argCount} of {@code positions} locate the arguments
     * relative to {@code content.readerIndex()}; they are copied, so the caller may reuse the array.
     */
    RespCommand(ByteBuf content, long[] positions, int argCount) {
        if (argCount == 0) {
            throw new IllegalArgumentException("a command needs at least one argument");
        }
        this.content = content;
        this.start = content.readerIndex();
        this.argCount = argCount;
        this.arg0 = positions[0];
        this.arg1 = argCount > 1 ? positions[1] : 0;
        this.arg2 = argCount > 2 ? positions[2] : 0;
        this.moreArgs = argCount > INLINE_ARGS ? Arrays.copyOfRange(positions, INLINE_ARGS, argCount) : null;
    }

    /** A command with {@code content} (the same bytes at the same indexes) and {@code original}'s arguments. */
    private RespCommand(ByteBuf content, RespCommand original) {
        this.content = content;
        this.start = original.start;
        this.argCount = original.argCount;
        this.arg0 = original.arg0;
        this.arg1 = original.arg1;
        this.arg2 = original.arg2;
        this.moreArgs = original.moreArgs;
        this.name = original.name;
    }

    /** An argument's offset from the start of the command and its length, in one {@code long}. */
    static long position(int offset, int length) {
        return (long) offset << 32 | length;
    }

    /** Builds a command from UTF-8 encoded arguments. */
    public static RespCommand of(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return of(bytes);
    }

    /** Builds a command from raw arguments, allocating from {@link ByteBufAllocator#DEFAULT}. */
    public static RespCommand of(byte[]... args) {
        return encode(ByteBufAllocator.DEFAULT, Arrays.asList(args));
    }

    static RespCommand encode(ByteBufAllocator alloc, List<byte[]> args) {
        int argCount = args.size();
        if (argCount == 0) {
            throw new IllegalArgumentException("a command needs at least one argument");
        }
        long capacity = 16;
        for (byte[] arg : args) {
            capacity += arg.length + 16; // '$', up to 10 digits, two CRLFs
        }
        if (capacity > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("command too large: " + capacity + " bytes");
        }
        ByteBuf buf = alloc.buffer((int) capacity);
        long[] positions = new long[argCount];
        buf.writeByte('*');
        ByteBufUtil.writeAscii(buf, Integer.toString(argCount));
        buf.writeShort(CRLF);
        for (int i = 0; i < argCount; i++) {
            byte[] arg = args.get(i);
            buf.writeByte('$');
            ByteBufUtil.writeAscii(buf, Integer.toString(arg.length));
            buf.writeShort(CRLF);
            positions[i] = position(buf.writerIndex() - buf.readerIndex(), arg.length);
            buf.writeBytes(arg).writeShort(CRLF);
        }
        return new RespCommand(buf, positions, argCount);
    }

    /**
     * The complete multibulk encoding. Writing it moves its reader index, which the command does not mind; to write
     * it and keep the command, write {@code content().retain()}.
     */
    public ByteBuf content() {
        return content;
    }

    /**
     * A second, retained reference to this command's bytes with indexes of its own. Since the arguments do not
     * depend on the content's indexes, {@link #retain()} serves as well where a second content is not needed.
     */
    public RespCommand retainedView() {
        return new RespCommand(content.retainedDuplicate(), this);
    }

    public int argCount() {
        return argCount;
    }

    /** Argument {@code i}'s bytes, as a slice that is not retained and is valid while this command is. */
    public ByteBuf arg(int i) {
        long position = positionOf(i);
        return content.slice(offset(position), length(position));
    }

    public byte[] argBytes(int i) {
        long position = positionOf(i);
        return ByteBufUtil.getBytes(content, offset(position), length(position));
    }

    /** Argument {@code i} decoded as UTF-8. */
    public String argString(int i) {
        long position = positionOf(i);
        return content.toString(offset(position), length(position), StandardCharsets.UTF_8);
    }

    /**
     * The command name: argument 0 with ASCII letters lower-cased. The name of a command Redis or the proxy knows
     * is a shared constant, found without allocating.
     */
    public String name() {
        String n = name;
        if (n == null) {
            int offset = offset(arg0);
            int length = length(arg0);
            n = CommandNames.find(content, offset, length);
            if (n == null) {
                byte[] bytes = ByteBufUtil.getBytes(content, offset, length);
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) CommandNames.toLowerAscii(bytes[i]);
                }
                n = new String(bytes, StandardCharsets.ISO_8859_1);
            }
            name = n;
        }
        return n;
    }

    /** Whether argument {@code i} equals {@code ascii}, ignoring the case of ASCII letters. Does not allocate. */
    public boolean argEqualsIgnoreCase(int i, String ascii) {
        long position = positionOf(i);
        int length = length(position);
        if (length != ascii.length()) {
            return false;
        }
        int base = offset(position);
        for (int j = 0; j < length; j++) {
            char c = ascii.charAt(j);
            if (c > 127 || CommandNames.toLowerAscii(content.getByte(base + j)) != Character.toLowerCase(c)) {
                return false;
            }
        }
        return true;
    }

    /** The size of the encoded command in bytes. */
    public int sizeInBytes() {
        return content.writerIndex() - start;
    }

    @Override
    public RespCommand retain() {
        super.retain();
        return this;
    }

    @Override
    public RespCommand retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public RespCommand touch() {
        super.touch();
        return this;
    }

    @Override
    public RespCommand touch(Object hint) {
        content.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        content.release();
    }

    /** Shows the name and size only: arguments may be secrets. */
    @Override
    public String toString() {
        if (refCnt() == 0) {
            return "RespCommand(released)";
        }
        return "RespCommand(" + name() + ", " + argCount() + " args, " + sizeInBytes() + " bytes)";
    }

    private long positionOf(int i) {
        Objects.checkIndex(i, argCount);
        return switch (i) {
            case 0 -> arg0;
            case 1 -> arg1;
            case 2 -> arg2;
            default -> moreArgs[i - INLINE_ARGS];
        };
    }

    /** The argument's index in the content. */
    private int offset(long position) {
        return start + (int) (position >>> 32);
    }

    private static int length(long position) {
        return (int) position;
    }
}
