package io.rkproxy.core.config;

import java.util.Set;

/**
 * A tenant's {@code commands: {allow: [...], deny: [...]}}: command names ({@code get}, {@code config|get}) and
 * ACL categories ({@code @write}, held as {@code AclCategory} bits). With an allow list only what it names runs;
 * deny wins over allow.
 */
public record CommandRules(Set<String> allowNames, long allowCategories, Set<String> denyNames, long denyCategories) {

    public static final CommandRules NONE = new CommandRules(Set.of(), 0, Set.of(), 0);

    public CommandRules {
        allowNames = Set.copyOf(allowNames);
        denyNames = Set.copyOf(denyNames);
    }

    public boolean hasAllowList() {
        return !allowNames.isEmpty() || allowCategories != 0;
    }
}
