package io.rkproxy.testkit;

import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Questions to one node of a Redis Cluster, each on a fresh connection with a short timeout so that a killed or paused
 * node answers nothing rather than hangs, and the reading of their answers.
 */
final class ClusterProbe {

    private static final int TIMEOUT_MILLIS = 1000;

    private ClusterProbe() {
    }

    /** The node's reply to {@code command}; null when the node does not answer. */
    static String ask(RedisServer node, String... command) {
        try (RespSocket socket = node.connect()) {
            socket.timeout(TIMEOUT_MILLIS);
            return socket.call(command);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** The node's ROLE reply, or "" when it does not answer (killed or paused). */
    static String role(RedisServer node) {
        String role = ask(node, "ROLE");
        return role == null ? "" : role;
    }

    static boolean isMaster(RedisServer node) {
        return role(node).startsWith("master");
    }

    static boolean isReplicaOf(RedisServer node, RedisServer master) {
        // ROLE on a replica: slave, master ip, master port, link state, offset
        String[] role = role(node).split("\n");
        return role[0].equals("slave") && role[2].equals(":" + master.port());
    }

    /** The address of the master of each slot, from a {@code CLUSTER NODES} reply; null where none. */
    static String[] slotMap(String clusterNodes) {
        String[] owners = new String[RedisCluster.SLOTS];
        if (clusterNodes == null) {
            return owners;
        }
        // <id> <ip:port@busport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...
        for (String line : clusterNodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 9 || !fields[2].contains("master")) {
                continue;
            }
            String address = fields[1].substring(0, fields[1].indexOf('@'));
            for (int i = 8; i < fields.length; i++) {
                if (fields[i].startsWith("[")) {
                    continue; // a slot being migrated or imported
                }
                String[] range = fields[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = Integer.parseInt(range[range.length - 1]);
                Arrays.fill(owners, from, to + 1, address);
            }
        }
        return owners;
    }
}
