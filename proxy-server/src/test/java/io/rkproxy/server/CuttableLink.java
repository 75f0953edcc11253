package io.rkproxy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay from a loopback port of its own to a server's, that a test cuts as a network partition would:
 * {@link #cut()} drops every relayed connection and refuses new ones until {@link #restore()}. One client behind it
 * loses the server while every other client keeps it.
 */
final class CuttableLink implements AutoCloseable {

    private final ServerSocket listener;
    private final int serverPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private CuttableLink(ServerSocket listener, int serverPort) {
        this.listener = listener;
        this.serverPort = serverPort;
    }

    static CuttableLink to(int serverPort) {
        try {
            CuttableLink link = new CuttableLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), serverPort);
            daemon(link::accept, "link-accept");
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "127.0.0.1:port", where clients connect instead of the server's address. */
    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    void cut() {
        cut = true;
        open.forEach(CuttableLink::close);
    }

    void restore() {
        cut = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                if (cut) {
                    throw new IOException("the link is cut");
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                open.add(client);
                open.add(server);
                daemon(() -> relay(client, server), "link-up");
                daemon(() -> relay(server, client), "link-down");
            } catch (IOException e) {
                close(client);
            }
        }
    }

    /** Copies one direction until either side goes, then drops the connection both ways. */
    private void relay(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // cut, or closed by one side
        } finally {
            close(from);
            close(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
