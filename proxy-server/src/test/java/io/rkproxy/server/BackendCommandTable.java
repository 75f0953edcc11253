package io.rkproxy.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Every command and subcommand a backend knows, read from the backend itself: {@code COMMAND DOCS} for the argument
 * trees and {@code COMMAND INFO} for the flags. A container (CLIENT, XGROUP, ...) stands for its subcommands, so the
 * table lists {@code client|kill}, not {@code client}.
 */
final class BackendCommandTable {

    private BackendCommandTable() {
    }

    static List<ProbedCommand> read(Jedis backend) {
        Map<String, Set<String>> flags = new HashMap<>();
        for (Object info : list(backend.sendCommand(Protocol.Command.COMMAND, "INFO"))) {
            collectFlags(list(info), flags);
        }
        List<ProbedCommand> commands = new ArrayList<>();
        Map<String, Object> docs = fields(backend.sendCommand(Protocol.Command.COMMAND, "DOCS"));
        docs.forEach((name, doc) -> collectCommands(name, fields(doc), flags, commands));
        commands.sort(Comparator.comparing(ProbedCommand::name));
        return commands;
    }

    /** COMMAND INFO: name, arity, flags, first key, last key, step, categories, tips, key specs, subcommands. */
    private static void collectFlags(List<Object> info, Map<String, Set<String>> flags) {
        flags.put(text(info.get(0)), list(info.get(2)).stream().map(BackendCommandTable::text)
                .collect(Collectors.toSet()));
        if (info.size() > 9) {
            list(info.get(9)).forEach(sub -> collectFlags(list(sub), flags));
        }
    }

    private static void collectCommands(String name, Map<String, Object> doc, Map<String, Set<String>> flags,
                                        List<ProbedCommand> out) {
        Object subcommands = doc.get("subcommands");
        if (subcommands != null) {
            fields(subcommands).forEach((sub, subDoc) -> collectCommands(sub, fields(subDoc), flags, out));
            return;
        }
        List<String> words = List.of(name.toUpperCase(Locale.ROOT).split("\\|"));
        List<CommandArgument> arguments = doc.containsKey("arguments")
                ? list(doc.get("arguments")).stream().map(BackendCommandTable::argument).toList() : List.of();
        out.add(new ProbedCommand(name, words, text(doc.get("group")), arguments,
                flags.getOrDefault(name, Set.of())));
    }

    private static CommandArgument argument(Object raw) {
        Map<String, Object> doc = fields(raw);
        Set<String> flags = doc.containsKey("flags")
                ? list(doc.get("flags")).stream().map(BackendCommandTable::text).collect(Collectors.toSet())
                : Set.of();
        List<CommandArgument> children = doc.containsKey("arguments")
                ? list(doc.get("arguments")).stream().map(BackendCommandTable::argument).toList() : List.of();
        return new CommandArgument(text(doc.get("name")), text(doc.get("type")),
                doc.containsKey("token") ? text(doc.get("token")) : null, flags.contains("optional"),
                flags.contains("multiple"), flags.contains("multiple_token"), children);
    }

    /** A RESP2 map: a flat array of names and values. */
    private static Map<String, Object> fields(Object flat) {
        List<Object> items = list(flat);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            out.put(text(items.get(i)), items.get(i + 1));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object reply) {
        return (List<Object>) reply;
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
