package io.rkproxy.server;

import io.rkproxy.zookeeper.ZkChange;
import io.rkproxy.zookeeper.ZkSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code zk push}: validates a file and makes the pools and tenants under the root exactly the file's, unless that
 * would undo a change made in ZooKeeper since the file's base ({@link PushObjections}; {@code --force} pushes
 * anyway). The write is conditional on the versions read before validating, so a change made meanwhile (while the
 * pools are probed, say) fails it too. Once pushed, the file's header records the new base, so that the next push
 * of the same file, edited again, needs no force.
 */
final class PushCommand {

    static final String FORCE = "--force";

    private final PrintStream out;
    private final PrintStream err;

    PushCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(ToolArgs args) throws Exception {
        args.positionals();
        ConfigFile file = ConfigFile.read(Path.of(args.required("--config")));
        try (ZkTool.Connection zk = ZkTool.Connection.open(args)) {
            ZkSnapshot now = zk.tree().snapshot();
            List<ZkChange> changes = now.changesTo(file.entries());
            if (!args.flag(FORCE)) {
                Optional<String> objections = PushObjections.of(file, zk.paths().root(), changes);
                if (objections.isPresent()) {
                    throw new Refusal("push refused; ZooKeeper left unchanged. " + objections.get() + "\nPull "
                            + "again and redo the edit (zk diff shows what a push would change), or push "
                            + FORCE + " to overwrite.");
                }
            }
            zk.validate(file.toString(), file.document());
            ZkTool.report(out, zk.tree().write(now, changes));
            return recordBase(file, ZkBase.after(now, changes));
        }
    }

    private int recordBase(ConfigFile file, ZkBase base) {
        try {
            if (file.record(base)) {
                out.println("recorded the new base in " + file);
            }
            return ZkTool.OK;
        } catch (IOException e) {
            err.println("rkproxy zk: pushed, but cannot record the new base in " + file + " (" + e
                    + "); pull before the next push");
            return ZkTool.FAILED;
        }
    }
}
