package io.rkproxy.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.resp.RespCommand;
import org.junit.jupiter.api.Test;

class CopyDbOptionTest {

    private static String rewritten(String... args) {
        return RewriteText.of(CopyDbOption::rewrite, args);
    }

    @Test
    void dbZeroIsDroppedSoTheCopyStaysInTheTenantsDb() {
        assertEquals("COPY a b REPLACE", rewritten("COPY", "a", "b", "db", "0", "REPLACE"));
    }

    @Test
    void everyRepeatedDbOptionIsCheckedBecauseRedisTakesTheLast() {
        assertEquals("ERR DB index is out of range", rewritten("COPY", "a", "b", "DB", "0", "DB", "3"));
        assertEquals("COPY a b", rewritten("COPY", "a", "b", "DB", "0", "DB", "0"));
    }

    @Test
    void otherIndexesAreOutOfRangeAndGarbageIsNotAnInteger() {
        assertEquals("ERR DB index is out of range", rewritten("COPY", "a", "b", "DB", "1"));
        assertEquals("ERR value is not an integer or out of range", rewritten("COPY", "a", "b", "DB", "x"));
        assertEquals("ERR syntax error", rewritten("COPY", "a", "b", "DB"));
    }

    @Test
    void appliesOnlyToCopyWithADbOption() {
        RespCommand plain = RespCommand.of("COPY", "db", "b");
        RespCommand other = RespCommand.of("SET", "a", "b", "DB");
        RespCommand withDb = RespCommand.of("copy", "a", "b", "REPLACE", "db", "0");
        try {
            assertFalse(CopyDbOption.applies(plain), "a key named db is not the option");
            assertFalse(CopyDbOption.applies(other));
            assertTrue(CopyDbOption.applies(withDb));
        } finally {
            plain.release();
            other.release();
            withDb.release();
        }
    }
}
