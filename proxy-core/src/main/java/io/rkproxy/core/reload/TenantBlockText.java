package io.rkproxy.core.reload;

import io.rkproxy.core.config.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Replaces one tenant's block in a config file's text and leaves every other line as it was, comments included,
 * since a YAML library would drop them when writing the document back.
 *
 * <p>The {@code tenants:} section is the lines after a top-level {@code tenants:} line, up to the next line at
 * column 0 that is not a comment. A tenant's block is its key line (at the indent of the section's first entry)
 * and the lines after it up to the next entry, less trailing blank lines and comments that are not indented past
 * the key: those introduce the next entry and stay. So a change keeps every comment but those inside the changed
 * tenant's own block. A new tenant goes after the section's last entry; without a section, one is appended. The
 * new block is written in YAML's block style. A section in flow style ({@code tenants: {...}}) is refused.
 */
final class TenantBlockText {

    private static final Pattern SECTION = Pattern.compile("^tenants:[ \\t]*(#.*)?$");
    private static final Pattern SECTION_INLINE = Pattern.compile("^tenants:[ \\t]*[^ \\t#].*$");
    private static final Pattern QUOTED_KEY = Pattern.compile("^([\"'])(.*?)\\1\\s*:(\\s|$)");
    private static final Pattern PLAIN_KEY = Pattern.compile("^([^\\s:#][^:#]*?)\\s*:(\\s|$)");
    private static final String DEFAULT_INDENT = "  ";

    private TenantBlockText() {
    }

    /** {@code text} with tenant {@code name} set to {@code entry}, or removed when it is null. */
    static String with(String source, String text, String name, Object entry) throws ConfigException {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("(?<=\n)", -1)));
        lines.removeIf(String::isEmpty);
        int section = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = strip(lines.get(i));
            if (SECTION_INLINE.matcher(line).matches() && !SECTION.matcher(line).matches()) {
                throw new ConfigException(source + ": 'tenants:' is written in flow style; the console edits only "
                        + "a block-style tenants: section, one entry per key");
            }
            if (SECTION.matcher(line).matches()) {
                section = i;
            }
        }
        if (section < 0) {
            if (entry == null) {
                return text;
            }
            String prefix = text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
            return prefix + "tenants:\n" + block(source, name, entry, DEFAULT_INDENT);
        }
        int end = section + 1;
        while (end < lines.size() && !startsNextSection(strip(lines.get(end)))) {
            end++;
        }
        String indent = null;
        for (int i = section + 1; i < end && indent == null; i++) {
            String line = strip(lines.get(i));
            if (!isBlankOrComment(line)) {
                indent = line.substring(0, line.length() - line.stripLeading().length());
            }
        }
        if (indent == null) {
            indent = DEFAULT_INDENT;
        }
        int lastContent = section;
        int start = -1;
        int blockEnd = -1;
        for (int i = section + 1; i < end; i++) {
            String line = strip(lines.get(i));
            if (isBlankOrComment(line) && indentOf(line) <= indent.length()) {
                continue;
            }
            if (indentOf(line) == indent.length() && !isBlankOrComment(line)) {
                if (start >= 0 && blockEnd < 0) {
                    blockEnd = lastContent + 1;
                }
                if (name.equals(key(line.substring(indent.length())))) {
                    start = i;
                }
            }
            lastContent = i;
        }
        if (start >= 0 && blockEnd < 0) {
            blockEnd = lastContent + 1;
        }
        String replacement = entry == null ? "" : block(source, name, entry, indent);
        List<String> out = new ArrayList<>();
        if (start >= 0) {
            out.addAll(lines.subList(0, start));
            out.add(replacement);
            out.addAll(lines.subList(blockEnd, lines.size()));
        } else if (entry == null) {
            return text;
        } else {
            out.addAll(lines.subList(0, lastContent + 1));
            if (!out.get(out.size() - 1).endsWith("\n")) {
                out.set(out.size() - 1, out.get(out.size() - 1) + "\n");
            }
            out.add(replacement);
            out.addAll(lines.subList(lastContent + 1, lines.size()));
        }
        return String.join("", out);
    }

    private static String strip(String line) {
        return line.endsWith("\r\n") ? line.substring(0, line.length() - 2)
                : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    private static boolean startsNextSection(String line) {
        return !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#");
    }

    private static boolean isBlankOrComment(String line) {
        String content = line.strip();
        return content.isEmpty() || content.startsWith("#");
    }

    private static int indentOf(String line) {
        return line.isBlank() ? 0 : line.length() - line.stripLeading().length();
    }

    /** The mapping key a line starts with, unquoted; null when it is not one. */
    private static String key(String line) {
        Matcher quoted = QUOTED_KEY.matcher(line);
        if (quoted.find()) {
            return quoted.group(2);
        }
        Matcher plain = PLAIN_KEY.matcher(line);
        return plain.find() ? plain.group(1) : null;
    }

    /**
     * {@code name: ...} at {@code indent}, its entry in block style one level deeper. Refused when the key YAML
     * writes for {@code name} is not one {@link #key} reads back, since the next edit would not find the block and
     * would add a second.
     */
    private static String block(String source, String name, Object entry, String indent) throws ConfigException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(Integer.MAX_VALUE);
        Yaml yaml = new Yaml(options);
        String key = yaml.dump(name).strip() + ":";
        if (!name.equals(key(key))) {
            throw new ConfigException(source + ": tenant name '" + name + "' cannot be written as a key this file's "
                    + "editor finds again; choose a name of letters, digits, '_', '.' and '-'");
        }
        StringBuilder out = new StringBuilder(indent).append(key).append('\n');
        for (String line : yaml.dump(entry).split("\n")) {
            out.append(indent).append(DEFAULT_INDENT).append(line).append('\n');
        }
        return out.toString();
    }
}
