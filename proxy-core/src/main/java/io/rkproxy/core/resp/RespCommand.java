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
 * it or hands it on; to forward the bytes while keeping the command, write {@code content().retainedDuplicate()}.
 */
public final class RespCommand extends AbstractReferenceCounted {

    private static final int CRLF = ('\r' << 8) | '\n';

    private final ByteBuf content;
    private final int[] offsets;
    private final int[] lengths;
    private String name;

    /**
     * Takes ownership of {@code content}. {@code offsets} and {@code lengths} locate the arguments relative to
     * {@code content.readerIndex()} and must not be modified afterwards.
     */
    RespCommand(ByteBuf content, int[] offsets, int[] lengths) {
        if (offsets.length == 0 || offsets.length != lengths.length) {
            throw new IllegalArgumentException("a command needs at least one argument");
        }
        this.content = content;
        this.offsets = offsets;
        this.lengths = lengths;
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
        int[] offsets = new int[argCount];
        int[] lengths = new int[argCount];
        buf.writeByte('*');
        ByteBufUtil.writeAscii(buf, Integer.toString(argCount));
        buf.writeShort(CRLF);
        for (int i = 0; i < argCount; i++) {
            byte[] arg = args.get(i);
            buf.writeByte('$');
            ByteBufUtil.writeAscii(buf, Integer.toString(arg.length));
            buf.writeShort(CRLF);
            offsets[i] = buf.writerIndex() - buf.readerIndex();
            lengths[i] = arg.length;
            buf.writeBytes(arg).writeShort(CRLF);
        }
        return new RespCommand(buf, offsets, lengths);
    }

    /**
     * The complete multibulk encoding. Do not move its indexes; to write it while keeping this command, use
     * {@code content().retainedDuplicate()}.
     */
    public ByteBuf content() {
        return content;
    }

    /**
     * A second, retained reference to this command's bytes with indexes of its own, that stays readable after the
     * original's content has been written (which moves its reader index).
     */
    public RespCommand retainedView() {
        RespCommand view = new RespCommand(content.retainedDuplicate(), offsets, lengths);
        view.name = name;
        return view;
    }

    public int argCount() {
        return offsets.length;
    }

    /** Argument {@code i}'s bytes, as a slice that is not retained and is valid while this command is. */
    public ByteBuf arg(int i) {
        Objects.checkIndex(i, offsets.length);
        return content.slice(content.readerIndex() + offsets[i], lengths[i]);
    }

    public byte[] argBytes(int i) {
        Objects.checkIndex(i, offsets.length);
        return ByteBufUtil.getBytes(content, content.readerIndex() + offsets[i], lengths[i]);
    }

    /** Argument {@code i} decoded as UTF-8. */
    public String argString(int i) {
        Objects.checkIndex(i, offsets.length);
        return content.toString(content.readerIndex() + offsets[i], lengths[i], StandardCharsets.UTF_8);
    }

    /** The command name: argument 0 with ASCII letters lower-cased. */
    public String name() {
        String n = name;
        if (n == null) {
            byte[] bytes = argBytes(0);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = toLowerAscii(bytes[i]);
            }
            name = n = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return n;
    }

    /** Whether argument {@code i} equals {@code ascii}, ignoring the case of ASCII letters. Does not allocate. */
    public boolean argEqualsIgnoreCase(int i, String ascii) {
        Objects.checkIndex(i, offsets.length);
        int length = lengths[i];
        if (length != ascii.length()) {
            return false;
        }
        int base = content.readerIndex() + offsets[i];
        for (int j = 0; j < length; j++) {
            char c = ascii.charAt(j);
            if (c > 127 || toLowerAscii(content.getByte(base + j)) != toLowerAscii((byte) c)) {
                return false;
            }
        }
        return true;
    }

    /** The size of the encoded command in bytes. */
    public int sizeInBytes() {
        return content.readableBytes();
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

    private static byte toLowerAscii(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}
