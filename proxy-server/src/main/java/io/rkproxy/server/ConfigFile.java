package io.rkproxy.server;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.reload.FileReplacement;
import io.rkproxy.zookeeper.ConfigEntries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A config file that push or diff compares with ZooKeeper: its text, its parsed document and its base. */
record ConfigFile(Path path, String text, Object document, Optional<ZkBase> base) {

    static ConfigFile read(Path path) throws UsageException, ConfigException {
        String text = text(path);
        return new ConfigFile(path, text, ConfigLoader.parse(path.toString(), text), ZkBase.in(path.toString(), text));
    }

    static String text(Path file) throws UsageException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    ConfigEntries entries() {
        return ConfigEntries.of(document);
    }

    /** The base this file records for {@code root}: none when it records none, or one of another root. */
    Optional<ZkBase> baseOf(String root) {
        return base.filter(b -> b.root().equals(root));
    }

    /**
     * Makes {@code next} the file's base, rewriting its header line and nothing else; false when it was already.
     * Replaced whole ({@link FileReplacement}), keeping its permissions.
     *
     * @throws IOException the file cannot be rewritten, or changed since it was read: an edit saved meanwhile is
     *                     kept, not overwritten
     */
    boolean record(ZkBase next) throws IOException {
        String stamped = next.stamp(text);
        if (stamped.equals(text)) {
            return false;
        }
        if (!Files.readString(path, StandardCharsets.UTF_8).equals(text)) {
            throw new IOException("it changed since the push read it; the header was not updated");
        }
        FileReplacement.replace(path, stamped);
        return true;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
