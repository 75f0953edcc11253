package io.rkproxy.bench.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Whether a loopback port can be listened on, checked before a part starts, so that a taken port is reported by the
 * flag that chose it rather than as a server's failure to bind.
 */
final class PortCheck {

    private PortCheck() {
    }

    static void requireFree(int port, String flag, String use) {
        if (!isFree(port)) {
            throw new IllegalStateException("port " + port + " (" + use + ") is in use; pick another with "
                    + flag + "=PORT, or stop what listens there");
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
