package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/commands.md has a "Redis Enterprise" column in every command table, and its section "Compared with Redis
 * Enterprise" states as many differing rows, each named in a bullet with its reason, as {@link EnterpriseComparison}
 * finds in the tables.
 */
class EnterpriseColumnTest {

    private static final List<String> HEADER =
            List.of("Command", "Standalone pool", "Cluster pool", "Redis Enterprise", "Why / notes");
    private static final int COMMAND = 0;
    private static final int STANDALONE = 1;
    private static final int ENTERPRISE = 3;
    private static final String SECTION = "## Compared with Redis Enterprise";
    private static final Pattern STATED_COUNT = Pattern.compile("\\*\\*(\\d+) rows differ\\.\\*\\*");
    /** {@code - **<the row's command cell>** — <reason>}, the reason possibly running on. */
    private static final Pattern BULLET = Pattern.compile("^- \\*\\*(.+?)\\*\\* — (.*)$", Pattern.MULTILINE);

    private final List<CommandTables.Table> tables = CommandTables.read();

    @Test
    void everyCommandTableHasARedisEnterpriseColumnBeforeTheNotes() {
        assertTrue(tables.size() >= 17, "String to Kafka: " + tables.size() + " tables");
        assertTrue(rows().size() >= 200, "rows: " + rows().size());
        for (CommandTables.Table table : tables) {
            assertEquals(HEADER, table.header(), table.section());
            for (List<String> row : table.rows()) {
                assertEquals(HEADER.size(), row.size(), table.section() + ": " + row);
            }
        }
    }

    @Test
    void everyRedisEnterpriseCellIsAWordOfTheColumnsVocabulary() {
        List<String> outside = rows().stream().filter(r -> !EnterpriseComparison.VOCABULARY.matcher(r.get(ENTERPRISE))
                .matches()).map(r -> r.get(COMMAND) + ": " + r.get(ENTERPRISE)).toList();
        assertEquals(List.of(), outside);
    }

    @Test
    void onlyRkproxysOwnCommandsHaveNoEnterpriseCounterpart() {
        for (CommandTables.Table table : tables) {
            boolean own = table.section().equals("Kafka");
            for (List<String> row : table.rows()) {
                assertEquals(own, row.get(ENTERPRISE).equals("—"), table.section() + ": " + row.get(COMMAND));
            }
        }
    }

    @Test
    void theStatedCountIsTheNumberOfRowsThatDiffer() {
        Matcher stated = STATED_COUNT.matcher(section());
        assertTrue(stated.find(), SECTION + " states no count like **19 rows differ.**");
        assertEquals(differingRows().size(), Integer.parseInt(stated.group(1)),
                "rows that differ by EnterpriseComparison's rule: " + differingRows());
    }

    @Test
    void eachDifferingRowHasABulletWithItsReason() {
        List<String> bullets = new ArrayList<>();
        Matcher bullet = BULLET.matcher(section());
        while (bullet.find()) {
            assertFalse(bullet.group(2).isBlank(), bullet.group(1) + " has no reason");
            bullets.add(bullet.group(1).replace("\\|", "|"));
        }
        assertEquals(differingRows().stream().sorted().toList(), bullets.stream().sorted().toList());
    }

    @Test
    void theRuleCountsRefusalsOfWhatEnterpriseRunsAndAnswersToWhatItRefuses() {
        assertTrue(EnterpriseComparison.differs("NOPERM", "yes"));
        assertTrue(EnterpriseComparison.differs("pinned, on a `dedicated` pool only", "yes"));
        assertTrue(EnterpriseComparison.differs("not supported", "partly (UNBLOCK)"));
        assertTrue(EnterpriseComparison.differs("proxy", "no"));
        assertTrue(EnterpriseComparison.differs("yes (backend)", "partly (LIST)"));
        assertFalse(EnterpriseComparison.differs("forwarded, write", "yes"));
        assertFalse(EnterpriseComparison.differs("yes (rkproxy asks the backend)", "yes (subset)"));
        assertFalse(EnterpriseComparison.differs("NOPERM (the error says why)", "no"));
        assertFalse(EnterpriseComparison.differs("forwarded; the backend refuses it", "no"));
        assertFalse(EnterpriseComparison.differs("`ERR This instance has cluster support disabled`",
                "partly (OSS cluster API)"));
        assertTrue(EnterpriseComparison.differs("yes (rkproxy)", "yes (OSS cluster API)"));
        assertFalse(EnterpriseComparison.differs("yes (backend)", "not listed"));
        assertFalse(EnterpriseComparison.differs("kafka", "—"));
    }

    private List<List<String>> rows() {
        return tables.stream().flatMap(t -> t.rows().stream()).toList();
    }

    private List<String> differingRows() {
        return rows().stream().filter(r -> EnterpriseComparison.differs(r.get(STANDALONE), r.get(ENTERPRISE)))
                .map(r -> r.get(COMMAND)).toList();
    }

    private static String section() {
        String doc = CommandTables.text();
        int start = doc.indexOf(SECTION);
        assertTrue(start >= 0, CommandTables.COMMANDS + " has no section " + SECTION);
        int end = doc.indexOf("\n## ", start + SECTION.length());
        return doc.substring(start, end < 0 ? doc.length() : end);
    }
}
