package io.rkproxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's record of every tenant change it made: one JSON object per line, appended to a file beside the
 * node's config file ({@code rkproxy.yaml} → {@code rkproxy.audit.jsonl}), never rewritten. Passwords and hashes
 * are masked before they get here.
 */
final class AuditLog {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One change.
     *
     * @param client   the address and port the request came from
     * @param operator the request's {@code X-Rkproxy-Operator} header, or null without one (there is one console
     *                 token, so this is who the caller says they are)
     * @param action   {@code create-tenant}, {@code update-tenant}, {@code delete-tenant}, {@code add-password},
     *                 {@code replace-password}, {@code remove-old-passwords}
     * @param before   the tenant's entry before, secrets masked; null when it was created
     * @param after    its entry after, secrets masked; null when it was deleted
     * @param accepted whether this node's load of the config it made was accepted
     */
    record Entry(String at, String client, String operator, String action, String tenant, Map<String, Object> before,
                 Map<String, Object> after, boolean accepted, long generation) {
    }

    private final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    /** The log that belongs to a config file. */
    static AuditLog besides(Path configFile) {
        String name = configFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return new AuditLog(configFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".audit.jsonl"));
    }

    Path file() {
        return file;
    }

    synchronized void append(Entry entry) throws IOException {
        Files.writeString(file, MAPPER.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Up to {@code n} entries, newest first, and how many lines were passed over on the way as not an entry. */
    record Latest(List<Entry> entries, int skipped) {
    }

    /**
     * The newest {@code n} entries, newest first. A line that is not one (torn by a crash mid-append, or edited by
     * hand) is skipped and counted, so that it does not hide the rest.
     */
    synchronized Latest latest(int n) throws IOException {
        if (!Files.exists(file)) {
            return new Latest(List.of(), 0);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Entry> out = new ArrayList<>();
        int skipped = 0;
        for (int i = lines.size() - 1; i >= 0 && out.size() < n; i--) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(MAPPER.readValue(lines.get(i), Entry.class));
            } catch (JsonProcessingException e) {
                skipped++;
            }
        }
        return new Latest(out, skipped);
    }
}
