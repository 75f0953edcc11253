package io.rkproxy.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.resp.RespCommand;
import org.junit.jupiter.api.Test;

class CopyDbOptionTest {

    private static String rewritten(String... args) {
        RespCommand command = RespCommand.of(args);
        try {
            CopyDbOption.Rewrite rewrite = CopyDbOption.rewrite(command);
            if (rewrite.error().isPresent()) {
                return rewrite.error().get();
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < rewrite.command().argCount(); i++) {
                sb.append(i == 0 ? "" : " ").append(rewrite.command().argString(i));
            }
            rewrite.command().release();
            return sb.toString();
        } finally {
            command.release();
        }
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
