package io.rkproxy.server;

import io.rkproxy.zookeeper.ZkChange;
import io.rkproxy.zookeeper.ZkEntry;
import io.rkproxy.zookeeper.ZkSnapshot;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a config file's pools and tenants are based on: the root they were pulled from or last pushed to, and a
 * fingerprint of each pool and tenant znode's data at that time. A file keeps it as one comment line,
 * {@code # zk-base: /root pools/cache=3f9a0c1be2d4 tenants/alice=...}, which lets push tell an edit of the file
 * from a change made in ZooKeeper since (by set-tenant, another push, zkCli).
 *
 * <p>Fingerprints of the data rather than znode versions: a version starts again at 0 when a znode is deleted and
 * created again, and a change made and then undone loses nothing if overwritten. The versions read just before a
 * write still guard the write itself.
 */
record ZkBase(String root, Map<String, String> fingerprints) {

    static final String HEADER = "# zk-base:";
    private static final int FINGERPRINT_BYTES = 6;

    ZkBase {
        fingerprints = Collections.unmodifiableMap(new TreeMap<>(fingerprints));
    }

    static ZkBase of(ZkSnapshot snapshot) {
        return new ZkBase(snapshot.paths().root(), snapshot.znodes().stream()
                .collect(Collectors.toMap(ZkEntry::key, z -> fingerprint(z.data()))));
    }

    /** The base of what ZooKeeper holds once {@code changes}, made from {@code snapshot}, are written. */
    static ZkBase after(ZkSnapshot snapshot, List<ZkChange> changes) {
        Map<String, String> next = new LinkedHashMap<>(of(snapshot).fingerprints);
        for (ZkChange change : changes) {
            if (change.kind() == ZkChange.Kind.DELETE) {
                next.remove(change.key());
            } else {
                next.put(change.key(), fingerprint(change.data()));
            }
        }
        return new ZkBase(snapshot.paths().root(), next);
    }

    /** The base recorded in a file's text, if it has one. */
    static Optional<ZkBase> in(String source, String text) throws UsageException {
        List<String> headers = text.lines().filter(line -> line.startsWith(HEADER)).toList();
        if (headers.size() > 1) {
            throw new UsageException(source + " has " + headers.size() + " '" + HEADER + "' lines; keep one");
        }
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        String[] words = headers.get(0).substring(HEADER.length()).trim().split(" +");
        if (words[0].isEmpty()) {
            throw new UsageException(source + ": the '" + HEADER + "' line names no root");
        }
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (String word : Arrays.asList(words).subList(1, words.length)) {
            int eq = word.lastIndexOf('=');
            if (eq <= 0) {
                throw new UsageException(source + ": '" + word + "' in the '" + HEADER + "' line is not "
                        + "section/name=fingerprint");
            }
            fingerprints.put(decode(source, word.substring(0, eq)), word.substring(eq + 1));
        }
        return Optional.of(new ZkBase(decode(source, words[0]), fingerprints));
    }

    String line() {
        StringBuilder line = new StringBuilder(HEADER).append(' ').append(encode(root));
        fingerprints.forEach((key, fingerprint) -> line.append(' ').append(encode(key)).append('=')
                .append(fingerprint));
        return line.toString();
    }

    /** {@code text} with this base as its header: in place of the one it had, else as a new first line. */
    String stamp(String text) {
        StringBuilder stamped = new StringBuilder();
        boolean replaced = false;
        for (String line : text.split("(?<=\n)")) {
            if (line.startsWith(HEADER)) {
                stamped.append(line()).append(line.endsWith("\n") ? "\n" : "");
                replaced = true;
            } else {
                stamped.append(line);
            }
        }
        return replaced ? stamped.toString() : line() + "\n" + text;
    }

    /**
     * How the znode {@code change} writes differs in ZooKeeper from this base: {@code created}, {@code changed}
     * or {@code deleted} since; nothing when it is as the base has it.
     */
    Optional<String> drift(ZkChange change) {
        String then = fingerprints.get(change.key());
        String now = change.before() == null ? null : fingerprint(change.before().data());
        if (Objects.equals(then, now)) {
            return Optional.empty();
        }
        return Optional.of(then == null ? "created" : now == null ? "deleted" : "changed");
    }

    static String fingerprint(byte[] data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data);
            return HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Percent-encoded but for '/', so a line splits on spaces and a name with any character survives. */
    private static String encode(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String decode(String source, String word) throws UsageException {
        try {
            return URLDecoder.decode(word, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UsageException(source + ": '" + word + "' in the '" + HEADER + "' line: " + e.getMessage());
        }
    }
}
