package io.rkproxy.bench.soak;

import io.rkproxy.testkit.RespSocket;

/** How a load reaches rkproxy: its port and a tenant's password. */
record ProxyLogin(int port, String password) {

    /** A new connection, authenticated; throws when AUTH is refused. */
    RespSocket open() {
        RespSocket socket = new RespSocket(port);
        String reply = socket.call("AUTH", password);
        if (!reply.equals("+OK")) {
            socket.close();
            throw new IllegalStateException("AUTH refused: " + reply);
        }
        return socket;
    }
}
