package io.rkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.resp.RespCommand;
import org.junit.jupiter.api.Test;

class RespErrorsTest {

    @Test
    void anUnknownCommandQuotesItsArgumentsWithinOneBudgetOf128CharactersAsRedisDoes() {
        RespCommand command = RespCommand.of("FOO", "a", "y".repeat(200), "b");
        try {
            assertEquals("ERR unknown command 'FOO', with args beginning with: 'a' '" + "y".repeat(124) + "' ",
                    RespErrors.unknownCommand(command));
        } finally {
            command.release();
        }
    }

    @Test
    void anUnknownCommandsNameIsCutAt128AndLineBreaksBecomeSpaces() {
        RespCommand command = RespCommand.of("N".repeat(130), "x\r\ny");
        try {
            assertEquals("ERR unknown command '" + "N".repeat(128) + "', with args beginning with: 'x  y' ",
                    RespErrors.unknownCommand(command));
        } finally {
            command.release();
        }
    }

    @Test
    void theBudgetIsInBytesAndACharacterCutInTwoIsLeftOut() {
        RespCommand command = RespCommand.of("FOO", "ab", "\u00fc".repeat(100), "next");
        try {
            assertEquals("ERR unknown command 'FOO', with args beginning with: 'ab' '" + "\u00fc".repeat(61) + "' ",
                    RespErrors.unknownCommand(command));
        } finally {
            command.release();
        }
    }

    @Test
    void anArgumentEndsAtANulByteAsRedisPrintsIt() {
        RespCommand command = RespCommand.of("FOO", "x\0y", "z");
        try {
            assertEquals("ERR unknown command 'FOO', with args beginning with: 'x' 'z' ",
                    RespErrors.unknownCommand(command));
        } finally {
            command.release();
        }
    }
}
