package io.rkproxy.bench.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port a part of the stack will listen on, the flag that chose it and what it is for. All are checked
 * before anything starts, so that a taken port is reported by its flag at once, not as a server's failure to bind
 * after the others have started.
 */
record PortUse(int port, String flag, String use) {

    void requireFree() {
        if (!isFree()) {
            throw new IllegalStateException("port " + port + " (" + use + ") is in use; pick another with " + flag
                    + "=PORT, or stop what listens there");
        }
    }

    private boolean isFree() {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
