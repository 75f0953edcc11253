package io.rkproxy.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The BENCH_* environment variables, typed and checked. As in a shell's ${NAME:-default}, an empty one is unset. */
final class Env {
    private final Map<String, String> vars;

    Env(Map<String, String> vars) {
        this.vars = vars;
    }

    boolean isSet(String name) {
        String value = vars.get(name);
        return value != null && !value.isEmpty();
    }

    String string(String name, String defaultValue) {
        return isSet(name) ? vars.get(name) : defaultValue;
    }

    /** The value split on whitespace; empty when unset. */
    List<String> words(String name) {
        String value = string(name, "").strip();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }

    int positive(String name, int defaultValue) {
        int value = integer(name, defaultValue);
        if (value < 1) {
            throw new BenchException(name + " must be a positive integer (got '" + vars.get(name) + "')");
        }
        return value;
    }

    Optional<Integer> optionalPositive(String name) {
        return isSet(name) ? Optional.of(positive(name, 0)) : Optional.empty();
    }

    int nonNegative(String name, int defaultValue) {
        int value = integer(name, defaultValue);
        if (value < 0) {
            throw new BenchException(name + " must be a non-negative integer (got '" + vars.get(name) + "')");
        }
        return value;
    }

    /** 1 is on, 0 off. */
    boolean flag(String name, boolean defaultValue) {
        if (!isSet(name)) {
            return defaultValue;
        }
        return switch (vars.get(name)) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new BenchException(name + " must be 0 or 1 (got '" + vars.get(name) + "')");
        };
    }

    private int integer(String name, int defaultValue) {
        if (!isSet(name)) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(vars.get(name).strip());
        } catch (NumberFormatException e) {
            throw new BenchException(name + " must be an integer (got '" + vars.get(name) + "')");
        }
    }
}
