package io.rkproxy.server;

import java.util.List;

/**
 * The backend as its operator reaches it, around the proxy: where the probe writes the victim's data and reads the
 * truth about it. The victim's data lives in several {@link Place}s (the victim's own and places of no tenant);
 * the attacker's own db or prefix is none of them.
 */
interface Backend extends AutoCloseable {

    /** Where data other than the attacker's lives: a db (standalone) or a key prefix (cluster). */
    record Place(String label, int db, String keyPrefix) {

        String key(String name) {
            return keyPrefix + name;
        }
    }

    /** Every command and subcommand the backend knows. */
    List<ProbedCommand> commands();

    /** The victim's own place first. */
    List<Place> places();

    /** Runs a command as the operator in a place; its keys are named as the backend holds them. */
    void execute(Place place, List<String> command);

    /** Runs a command on every node (FUNCTION LOAD, SCRIPT LOAD); the replies, one per node. */
    List<String> everywhere(List<String> command);

    void publish(String channel, String message);

    void spublish(String shardChannel, String message);

    /** Every key but the attacker's, with its DUMP and PTTL, and the replies to {@code serverQueries} on each node. */
    BackendSnapshot snapshot(List<List<String>> serverQueries);

    /** Puts every key but the attacker's back as it was in {@code baseline}, and removes the others. */
    void restore(BackendSnapshot baseline);

    /** Deletes the attacker's own keys, so that each batch of probes starts from the same home. */
    void clearAttacker();

    /** A DUMP payload of a short string of the attacker's, as ISO-8859-1 text, for RESTORE probes. */
    String restorePayload();

    /** A raw, authenticated connection to a node, for listening to every channel. */
    ProbeConnection connect();

    /** A node's port, for the probes that name a server (MIGRATE). */
    int port();

    @Override
    void close();
}
