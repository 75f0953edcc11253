package io.rkproxy.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** A raw client socket: send exact bytes or commands, read replies as {@link RespText}. For protocol tests. */
public final class RespSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespSocket(int port) {
        this(port, null);
    }

    /**
     * A socket that connects from {@code localAddress}, an address of this machine (on Linux any of 127.0.0.0/8 is
     * the loopback's), to tell apart clients by address; null for the system's choice.
     */
    public RespSocket(int port, String localAddress) {
        this(new Socket(), port, localAddress);
    }

    /** A TLS connection, trusting what {@code tls} trusts; the handshake happens on the first call. */
    public static RespSocket tls(int port, SSLContext tls) {
        try {
            return new RespSocket(tls.getSocketFactory().createSocket(), port, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TLS socket's handshake outcome, such as the certificate the server showed; shakes hands if not yet done. */
    public SSLSession session() {
        return ((SSLSocket) socket).getSession();
    }

    private RespSocket(Socket socket, int port, String localAddress) {
        this.socket = socket;
        try {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RespSocket sendRaw(String bytes) {
        try {
            out.write(bytes.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RespSocket send(String... args) {
        return sendRaw(encode(args));
    }

    /** One command, one reply. */
    public String call(String... args) {
        return send(args).read();
    }

    public String read() {
        try {
            return RespText.readReply(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once the server has closed the connection (reads EOF within the timeout). */
    public boolean isClosedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    public void timeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public OutputStream output() {
        return out;
    }

    public InputStream input() {
        return in;
    }

    public static String encode(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
