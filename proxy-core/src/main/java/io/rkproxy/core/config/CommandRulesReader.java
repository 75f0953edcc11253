package io.rkproxy.core.config;

import io.rkproxy.core.command.AclCategory;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code commands: {allow, deny}}; names are checked for shape and categories against Redis's list. */
final class CommandRulesReader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_\\-.]+(\\|[a-z0-9_\\-.]+)?");

    private CommandRulesReader() {
    }

    static CommandRules read(ConfigNode node) {
        Set<String> allowNames = new HashSet<>();
        Set<String> denyNames = new HashSet<>();
        long allow = split(node, "allow", allowNames);
        long deny = split(node, "deny", denyNames);
        node.rejectUnknownKeys();
        return new CommandRules(allowNames, allow, denyNames, deny);
    }

    /** Adds the names to {@code names} and returns the categories' bits. */
    private static long split(ConfigNode node, String key, Set<String> names) {
        long categories = 0;
        for (String entry : node.stringList(key)) {
            String e = entry.toLowerCase(Locale.ROOT);
            if (e.startsWith("@")) {
                long bit = AclCategory.mask(List.of(e));
                if (bit == 0) {
                    node.problem(key, "unknown category '" + entry + "'");
                }
                categories |= bit;
            } else if (NAME.matcher(e).matches()) {
                names.add(e);
            } else {
                node.problem(key, "'" + entry + "' is neither a command name nor an @category");
            }
        }
        return categories;
    }
}
