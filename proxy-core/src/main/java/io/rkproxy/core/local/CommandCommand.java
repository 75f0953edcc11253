package io.rkproxy.core.local;

import io.rkproxy.core.backend.BackendMetadata;
import io.rkproxy.core.backend.RewritingCallback;
import io.rkproxy.core.command.CommandTable;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.policy.AccessPolicy;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * {@code COMMAND}, {@code COMMAND COUNT/INFO/DOCS}: the backend's metadata, narrowed to the commands this tenant may
 * run. {@code COMMAND LIST} lists every command of the backend, with its FILTERBY, as Redis lists them to a user its
 * ACL limits: tools ask it what the server knows, not what they may run. GETKEYS and the rest go to the backend as
 * they are.
 */
final class CommandCommand implements LocalCommand {

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        TenantConfig tenant = ctx.tenant();
        Optional<CommandTable> table = Optional.ofNullable(ctx.metadata()).map(BackendMetadata::commands);
        Predicate<String> visible = name -> table.flatMap(t -> t.get(name.toLowerCase(Locale.ROOT)))
                .map(spec -> AccessPolicy.visible(tenant, spec)).orElse(false);
        String sub = command.argCount() > 1 ? command.argString(1).toLowerCase(Locale.ROOT) : "";
        switch (sub) {
            case "" -> forward(session, ctx, command, items -> keep(items, 1, v -> visible.test(name(v))));
            case "info" -> forward(session, ctx, command, items -> {
                List<RespValue> out = new ArrayList<>(items.size());
                for (RespValue entry : items) {
                    out.add(entry instanceof RespValue.Array && visible.test(name(entry)) ? entry : RespValue.NULL);
                }
                return out;
            });
            case "docs" -> forward(session, ctx, command, items -> keep(items, 2, v -> visible.test(v.asText())));
            case "count" -> {
                if (table.isEmpty() || command.argCount() != 2) {
                    session.forward(ctx, command.retain(), session.reserve());
                } else {
                    long count = table.get().names().stream().filter(visible).count();
                    session.reply(RespReplies.integer(session.alloc(), count));
                }
            }
            default -> session.forward(ctx, command.retain(), session.reserve());
        }
    }

    /** The first item of a COMMAND entry is its name. */
    private static String name(RespValue entry) {
        return entry.items().get(0).asText();
    }

    /** Keeps the groups of {@code stride} items whose first item passes. */
    private static List<RespValue> keep(List<RespValue> items, int stride, Predicate<RespValue> first) {
        List<RespValue> out = new ArrayList<>(items.size());
        for (int i = 0; i + stride <= items.size(); i += stride) {
            if (first.test(items.get(i))) {
                out.addAll(items.subList(i, i + stride));
            }
        }
        return out;
    }

    private static void forward(LocalContext session, CommandContext ctx, RespCommand command,
                                UnaryOperator<List<RespValue>> narrowing) {
        session.forward(ctx, command.retain(), new RewritingCallback(session.reserve(), session,
                value -> value instanceof RespValue.Array || value instanceof RespValue.Dict
                        ? value.withItems(narrowing.apply(value.items())) : value));
    }
}
