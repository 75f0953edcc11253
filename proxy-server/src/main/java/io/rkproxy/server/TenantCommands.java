package io.rkproxy.server;

import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.zookeeper.ConfigEntries;
import io.rkproxy.zookeeper.ZkChange;
import io.rkproxy.zookeeper.ZkEntry;
import io.rkproxy.zookeeper.ZkSnapshot;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code zk set-tenant} and {@code zk delete-tenant}: change one tenant after validating the whole config that
 * makes; set-tenant then lists the keys it changed, as {@code zk diff} does. Setting or deleting a broken tenant
 * znode is its repair; any other broken znode is a refusal naming it, as the config could not be validated whole.
 * The write is conditional on the versions of every znode read.
 */
final class TenantCommands {

    private final PrintStream out;

    TenantCommands(PrintStream out) {
        this.out = out;
    }

    int set(ToolArgs args) throws Exception {
        String name = args.positionals("NAME").get(0);
        Path file = Path.of(args.required("--file"));
        Object tenant = ConfigLoader.parse(file.toString(), ConfigFile.text(file));
        try (ZkTool.Connection zk = ZkTool.Connection.open(args)) {
            ZkSnapshot now = zk.tree().snapshot();
            refuseBesideBroken(now, name);
            zk.validate(zk.describe() + " with " + file, now.entries().withTenant(name, tenant).document(Map.of()));
            List<ZkChange> change = now.put(ConfigEntries.TENANTS, name, tenant).stream().toList();
            ZkTool.report(out, zk.tree().write(now, change));
            // the file replaces the tenant whole: a key it lacks is gone, and this is where the operator sees it
            change.stream().map(ZkDiff::keyLines).flatMap(List::stream).forEach(out::println);
        }
        return ZkTool.OK;
    }

    int delete(ToolArgs args) throws Exception {
        String name = args.positionals("NAME").get(0);
        try (ZkTool.Connection zk = ZkTool.Connection.open(args)) {
            ZkSnapshot now = zk.tree().snapshot();
            ZkEntry tenant = now.find(ConfigEntries.TENANTS, name)
                    .orElseThrow(() -> new Refusal("no tenant " + name + " in " + zk.describe()));
            refuseBesideBroken(now, name);
            zk.validate(zk.describe() + " without tenant " + name, now.entries().withoutTenant(name)
                    .document(Map.of()));
            ZkTool.report(out, zk.tree().write(now, List.of(ZkChange.delete(tenant))));
        }
        return ZkTool.OK;
    }

    private static void refuseBesideBroken(ZkSnapshot now, String tenant) throws Refusal {
        List<String> others = now.brokenBeside(ConfigEntries.TENANTS, tenant);
        if (!others.isEmpty()) {
            throw new Refusal("refused; ZooKeeper left unchanged: the config this makes cannot be validated beside "
                    + "a broken znode, and no proxy loads any change until it is repaired (set-tenant or "
                    + "delete-tenant for a tenant, push for a pool):\n  " + String.join("\n  ", others));
        }
    }
}
