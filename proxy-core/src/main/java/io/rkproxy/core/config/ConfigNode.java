package io.rkproxy.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML mapping seen through its key path. Typed getters record a problem (source, key, what is wrong) instead of
 * throwing, so that one load reports every mistake in the file at once.
 */
public final class ConfigNode {

    private final String source;
    private final String path;
    private final Map<String, Object> values;
    private final List<String> problems;
    private final Set<String> readKeys = new TreeSet<>();

    private ConfigNode(String source, String path, Map<String, Object> values, List<String> problems) {
        this.source = source;
        this.path = path;
        this.values = values;
        this.problems = problems;
    }

    /** The root of a document. {@code problems} collects what every node under it finds. */
    public static ConfigNode root(String source, Object document, List<String> problems) {
        ConfigNode root = new ConfigNode(source, "", new LinkedHashMap<>(), problems);
        if (document == null) {
            return root;
        }
        if (!(document instanceof Map<?, ?> map)) {
            problems.add(source + ": the document must be a YAML mapping");
            return root;
        }
        return new ConfigNode(source, "", stringKeys(source, "", map, problems), problems);
    }

    public String source() {
        return source;
    }

    /** The dotted key path of this node, empty at the root. */
    public String path() {
        return path;
    }

    public boolean has(String key) {
        readKeys.add(key);
        return values.get(key) != null;
    }

    public void problem(String key, String what) {
        problems.add(source + ": " + qualified(key) + ": " + what);
    }

    public String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A nested mapping; an absent key gives an empty node. */
    public ConfigNode child(String key) {
        Object value = raw(key);
        Map<String, Object> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            map = stringKeys(source, qualified(key), m, problems);
        } else if (value != null) {
            problem(key, "must be a mapping, got " + describe(value));
        }
        return new ConfigNode(source, qualified(key), map, problems);
    }

    /** The keys of this mapping, for maps of named entries such as pools and tenants. */
    public Set<String> keys() {
        return values.keySet();
    }

    public String string(String key, String defaultValue) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        problem(key, "must be a string, got " + describe(value));
        return defaultValue;
    }

    public boolean bool(String key, boolean defaultValue) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problem(key, "must be true or false, got " + describe(value));
        return defaultValue;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Integer i) {
            if (i < min || i > max) {
                problem(key, i + " is out of range " + min + ".." + max);
                return defaultValue;
            }
            return i;
        }
        problem(key, "must be an integer, got " + describe(value));
        return defaultValue;
    }

    public List<String> stringList(String key) {
        Object value = raw(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problem(key, "must be a list, got " + describe(value));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof String || item instanceof Number) {
                out.add(item.toString());
            } else {
                problem(key, "items must be strings, got " + describe(item));
            }
        }
        return out;
    }

    /** The raw value of a key, for keys that accept more than one type. */
    public Object raw(String key) {
        readKeys.add(key);
        return values.get(key);
    }

    /** Reports every key of this node that no getter asked for. Call after reading the node. */
    public void rejectUnknownKeys() {
        for (String key : values.keySet()) {
            if (!readKeys.contains(key)) {
                problem(key, "unknown key");
            }
        }
    }

    private static Map<String, Object> stringKeys(String source, String path, Map<?, ?> map, List<String> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() instanceof String s) {
                out.put(s, e.getValue());
            } else {
                problems.add(source + ": " + (path.isEmpty() ? "" : path + ".") + e.getKey() + ": keys must be strings");
            }
        }
        return out;
    }

    private static String describe(Object value) {
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
