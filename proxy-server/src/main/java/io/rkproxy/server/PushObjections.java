package io.rkproxy.server;

import io.rkproxy.zookeeper.ConfigEntries;
import io.rkproxy.zookeeper.ZkChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why pushing a file must not go ahead without {@code --force}: it would overwrite, delete or create again a znode
 * that changed in ZooKeeper since the file's base, or delete a broken znode the file left out. A file with no base
 * for the root may change only what does not exist yet, onto an empty root, say.
 */
final class PushObjections {

    private PushObjections() {
    }

    /** What is wrong, one line per znode after a line saying why; nothing when the push may go ahead. */
    static Optional<String> of(ConfigFile file, String root, List<ZkChange> changes) {
        Optional<ZkBase> base = file.baseOf(root);
        List<String> lines = new ArrayList<>();
        for (ZkChange change : changes) {
            String would = "push would " + switch (change.kind()) {
                case CREATE -> "create it again";
                case UPDATE -> "overwrite it";
                case DELETE -> "delete it";
            };
            if (change.kind() == ZkChange.Kind.DELETE && change.before().broken()) {
                lines.add(change.path() + " is broken (" + change.before().problem() + ") and the file lacks it: "
                        + would + "; add it to the file" + (change.section().equals(ConfigEntries.TENANTS)
                        ? ", or repair it with set-tenant or delete-tenant" : ""));
            } else if (base.isPresent()) {
                base.get().drift(change).ifPresent(drift -> lines.add(change.path() + " " + drift + ": " + would));
            } else if (change.kind() != ZkChange.Kind.CREATE) {
                lines.add(change.path() + " exists: " + would);
            }
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String why = base.isPresent() ? "In ZooKeeper since " + file + " was pulled or last pushed:"
                : file + " has no '" + ZkBase.HEADER + "' line for " + root + file.base()
                .map(b -> " (its base is " + b.root() + ")").orElse("") + ", so it may only add to what is there:";
        return Optional.of(why + "\n  " + String.join("\n  ", lines));
    }
}
