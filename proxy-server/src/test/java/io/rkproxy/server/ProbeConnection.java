package io.rkproxy.server;

import io.rkproxy.testkit.RespText;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A client connection for probes: sends pipelined commands whose arguments are byte strings held as ISO-8859-1
 * text (so a DUMP payload goes out unchanged), and reads each reply as {@link RespText}, every read bounded by a
 * timeout.
 */
final class ProbeConnection implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 1000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int timeoutMillis = READ_TIMEOUT_MILLIS;

    ProbeConnection(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection authenticated with {@code AUTH password}, in RESP3 if asked. */
    static ProbeConnection login(int port, String password, boolean resp3) {
        ProbeConnection c = new ProbeConnection(port);
        c.expect("+OK", "AUTH", password);
        if (resp3) {
            String hello = c.call("HELLO", "3");
            if (!hello.startsWith("%")) {
                throw new IllegalStateException("HELLO 3: " + hello);
            }
        }
        return c;
    }

    /** Waits up to {@code millis} for each reply from now on. */
    ProbeConnection timeout(int millis) {
        try {
            socket.setSoTimeout(millis);
            timeoutMillis = millis;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(List<List<String>> commands) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (List<String> command : commands) {
            bytes.writeBytes(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : command) {
                byte[] data = arg.getBytes(StandardCharsets.ISO_8859_1);
                bytes.writeBytes(("$" + data.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                bytes.writeBytes(data);
                bytes.writeBytes(new byte[] {'\r', '\n'});
            }
        }
        out.write(bytes.toByteArray());
        out.flush();
    }

    /** The next reply; a {@link java.net.SocketTimeoutException} when none comes in time, EOF when closed. */
    String read() throws IOException {
        return RespText.readReply(in);
    }

    /** One command and its reply, for setup steps. */
    String call(String... args) {
        try {
            send(List.of(List.of(args)));
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void expect(String reply, String... args) {
        String actual = call(args);
        if (!actual.equals(reply)) {
            throw new IllegalStateException(String.join(" ", args) + ": " + actual);
        }
    }

    /** Whether bytes have arrived that were not read yet. */
    boolean hasInput() throws IOException {
        return in.available() > 0;
    }

    /** Whether the peer closed the connection, judged by a read of at most {@code millis}; consumes nothing else. */
    boolean isClosed(int millis) {
        try {
            socket.setSoTimeout(millis);
            in.mark(1);
            int b = in.read();
            in.reset();
            return b < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(timeoutMillis);
            } catch (IOException ignored) {
                // the next read reports it
            }
        }
    }

    int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do for a probe connection
        }
    }
}
