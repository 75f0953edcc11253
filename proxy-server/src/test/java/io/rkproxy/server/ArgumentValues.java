package io.rkproxy.server;

import java.util.List;

/**
 * What a probe passes for one argument: a harmless value of the attacker's own (the first of a repeated option) and
 * the malicious ones, the most pointed first. Arguments of one {@code kind} (every key of a form, say) take their
 * malicious values together.
 */
record ArgumentValues(String kind, String harmless, List<String> malicious) {

    static ArgumentValues of(String kind, String harmless, String... malicious) {
        return new ArgumentValues(kind, harmless, List.of(malicious));
    }

    static ArgumentValues fixed(String value) {
        return new ArgumentValues("fixed", value, List.of(value));
    }
}
