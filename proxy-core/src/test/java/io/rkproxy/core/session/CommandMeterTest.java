package io.rkproxy.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandMeterTest {

    private static String kind(String reply) {
        return CommandMeter.errorKind(Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII));
    }

    @Test
    void errorKindIsTheFirstUpperCaseWord() {
        assertEquals("WRONGTYPE", kind("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"));
        assertEquals("NOPERM", kind("-NOPERM this user has no permissions\r\n"));
        assertEquals("CONS", kind("-CONS Server shutdown\r\n"));
    }

    @Test
    void errorWithoutAPlainCodeCountsAsErr() {
        assertEquals("ERR", kind("-Command not supported: X\r\n"));
        assertEquals("ERR", kind("-" + "A".repeat(40) + " x\r\n"));
    }

    @Test
    void summaryKeepsTheNameAndFirstArgumentsCut() {
        RespCommand set = RespCommand.of("SET", "key", "v".repeat(70), "EX", "10");
        assertEquals(List.of("SET", "key", "v".repeat(64) + "... (6 more bytes)", "EX", "10"),
                CommandMeter.summary(set));
        set.release();
        RespCommand sadd = RespCommand.of("SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8");
        assertEquals(List.of("SADD", "s", "1", "2", "3", "4", "5", "6", "... (2 more arguments)"),
                CommandMeter.summary(sadd));
        sadd.release();
    }

    @Test
    void summaryRedactsWhatConfigSetGivesASettingThatMayBeASecret() {
        RespCommand configSet = RespCommand.of("CONFIG", "SET", "slowlog-log-slower-than", "0", "masterauth", "pw");
        assertEquals(List.of("CONFIG", "SET", "slowlog-log-slower-than", "0", "masterauth", "(redacted)"),
                CommandMeter.summary(configSet));
        configSet.release();
    }

    @Test
    void summaryRedactsTheArgumentsOfCommandsThatMayCarryAPassword() {
        for (String[] args : new String[][] {{"AUTH", "alice-secret"}, {"HELLO", "3", "AUTH", "u", "p"},
                {"ACL", "SETUSER", "u", ">pw"}, {"MIGRATE", "h", "1", "", "0", "5", "AUTH", "pw"}}) {
            RespCommand command = RespCommand.of(args);
            assertEquals(List.of(args[0], "(redacted)"), CommandMeter.summary(command));
            command.release();
        }
    }
}
