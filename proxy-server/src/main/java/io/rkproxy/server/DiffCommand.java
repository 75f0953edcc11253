package io.rkproxy.server;

import io.rkproxy.zookeeper.ZkChange;
import io.rkproxy.zookeeper.ZkSnapshot;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code zk diff}: what pushing a file would change, per znode ({@link ZkDiff}), and on stderr whether the push
 * would be refused. Exits like diff: 0 when nothing differs, {@link ZkTool#DIFFERS} when something does.
 */
final class DiffCommand {

    private final PrintStream out;
    private final PrintStream err;

    DiffCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(ToolArgs args) throws Exception {
        args.positionals();
        ConfigFile file = ConfigFile.read(Path.of(args.required("--config")));
        try (ZkTool.Connection zk = ZkTool.Connection.open(args)) {
            ZkSnapshot now = zk.tree().snapshot();
            List<ZkChange> changes = now.changesTo(file.entries());
            ZkDiff.lines(changes).forEach(out::println);
            PushObjections.of(file, zk.paths().root(), changes).ifPresent(objections -> err.println(
                    "rkproxy zk: a push of this file would be refused without " + PushCommand.FORCE + ". "
                            + objections));
            return changes.isEmpty() ? ZkTool.OK : ZkTool.DIFFERS;
        }
    }
}
