package io.rkproxy.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 client to rkproxy: commands are written to a buffer and sent on {@link #flush}; replies
 * read as String (simple), Long, byte[] (bulk), List (array), {@link RespError}, or null (nil bulk or array).
 */
final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An error reply. */
    record RespError(String text) {
        @Override
        public String toString() {
            return "-" + text;
        }
    }

    RespClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    static byte[][] args(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** A reply as text for a message: bulks quoted, arrays as lists. */
    static String show(Object reply) {
        if (reply instanceof byte[] bulk) {
            return "\"" + new String(bulk, StandardCharsets.UTF_8) + "\"";
        }
        if (reply instanceof List<?> list) {
            return list.stream().map(RespClient::show).toList().toString();
        }
        return String.valueOf(reply);
    }

    Object call(String... args) throws IOException {
        send(args(args));
        flush();
        return read();
    }

    void send(byte[][] args) throws IOException {
        header('*', args.length);
        for (byte[] a : args) {
            header('$', a.length);
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
    }

    private void header(char type, int n) throws IOException {
        out.write(type);
        out.write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    void flush() throws IOException {
        out.flush();
    }

    Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by rkproxy");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RespError(line);
            case ':':
                return Long.parseLong(line);
            case '_':
                return null;
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] bulk = in.readNBytes(n);
                if (bulk.length < n || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("truncated bulk reply");
                }
                return bulk;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type '" + (char) type + "' (" + line + ")");
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed by rkproxy");
            }
            sb.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("a RESP line not ended by CRLF");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a benchmark connection
        }
    }
}
