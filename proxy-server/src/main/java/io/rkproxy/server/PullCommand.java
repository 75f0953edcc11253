package io.rkproxy.server;

import io.rkproxy.zookeeper.ZkEntry;
import io.rkproxy.zookeeper.ZkSnapshot;
import io.rkproxy.zookeeper.ZkYaml;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code zk pull}: the pools and tenants under the root as one file, headed by its base ({@link ZkBase}). A broken
 * znode is left out and named on stderr, and the exit is {@link ZkTool#INCOMPLETE}: the rest is written, but a
 * file that lacks an entry must not look like the whole config.
 */
final class PullCommand {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final PrintStream out;
    private final PrintStream err;

    PullCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(ToolArgs args) throws Exception {
        args.positionals();
        Optional<String> file = args.optional("--out");
        try (ZkTool.Connection zk = ZkTool.Connection.open(args)) {
            ZkSnapshot now = zk.tree().snapshot();
            String text = ZkBase.of(now).line() + "\n" + ZkYaml.text(now.entries().document(Map.of()));
            if (file.isEmpty()) {
                out.print(text);
            } else {
                write(Path.of(file.get()), text);
                out.println("wrote " + now.entries().pools().size() + " pools and " + now.entries().tenants().size()
                        + " tenants from " + zk.describe() + " to " + file.get());
            }
            List<ZkEntry> broken = now.broken();
            if (broken.isEmpty()) {
                return ZkTool.OK;
            }
            err.println("rkproxy zk: left out " + broken.size() + " broken znode(s), which no proxy can load until "
                    + "repaired (set-tenant or delete-tenant for a tenant, push for a pool):\n  "
                    + String.join("\n  ", broken.stream().map(ZkEntry::problem).toList()));
            return ZkTool.INCOMPLETE;
        }
    }

    /** A new file is readable by its owner only, as it holds the tenants' passwords; an existing one keeps its bits. */
    private static void write(Path file, String text) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
