package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.rkproxy.core.resp.Splits.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespCommandTest {

    @Test
    void ofStringsEncodesAMultibulk() {
        RespCommand command = RespCommand.of("SELECT", "3");
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n", command.content().toString(StandardCharsets.US_ASCII));
        assertEquals(0, command.content().readerIndex());
        assertEquals(2, command.argCount());
        assertEquals("SELECT", command.argString(0));
        assertEquals("3", command.argString(1));
        assertEquals(command.content().readableBytes(), command.sizeInBytes());
        assertTrue(command.release());
    }

    @Test
    void ofStringsEncodesUtf8() {
        RespCommand command = RespCommand.of("ECHO", "h\u00e9");
        assertEquals("*2\r\n$4\r\nECHO\r\n$3\r\nh\u00e9\r\n", command.content().toString(StandardCharsets.UTF_8));
        assertEquals("h\u00e9", command.argString(1));
        assertTrue(command.release());
    }

    @Test
    void ofBytesKeepsBinaryArguments() {
        byte[] binary = {0, (byte) 0xff, '\r', '\n'};
        RespCommand command = RespCommand.of(bytes("SET"), bytes("k"), binary, new byte[0]);
        assertArrayEquals(binary, command.argBytes(2));
        assertArrayEquals(new byte[0], command.argBytes(3));
        assertEquals(4, command.argCount());
        assertTrue(command.release());
    }

    @Test
    void refusesACommandWithoutArguments() {
        assertThrows(IllegalArgumentException.class, () -> RespCommand.of(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> RespCommand.of(new byte[0][]));
    }

    @Test
    void nameIsTheLowerCasedFirstArgumentComputedOnce() {
        RespCommand command = RespCommand.of("CliENT", "SETNAME", "X");
        assertEquals("client", command.name());
        assertSame(command.name(), command.name());
        assertEquals("CliENT", command.argString(0));
        assertTrue(command.release());
    }

    @Test
    void argumentsStayWhereTheyWereWhenTheContentIsRead() {
        RespCommand command = RespCommand.of("SET", "k", "v", "EX", "10");
        int size = command.sizeInBytes();
        command.content().skipBytes(command.content().readableBytes()); // as writing it does
        assertEquals("EX", command.argString(3));
        assertEquals("10", command.arg(4).toString(StandardCharsets.US_ASCII));
        assertEquals("set", command.name());
        assertEquals(size, command.sizeInBytes());
        RespCommand view = command.retainedView();
        assertEquals("k", view.argString(1));
        assertTrue(view.release());
        assertTrue(command.release());
    }

    @Test
    void aNameNotKnownIsLowerCasedAsciiOnly() {
        RespCommand command = RespCommand.of(new byte[] {'X', (byte) 0xC9, 'Y'});
        assertEquals("x\u00c9y", command.name());
        assertTrue(command.release());
    }

    @Test
    void argEqualsIgnoreCaseComparesAsciiLetters() {
        RespCommand command = RespCommand.of("set", "k", "v", "PX", "100", "h\u00e9");
        assertTrue(command.argEqualsIgnoreCase(0, "SET"));
        assertTrue(command.argEqualsIgnoreCase(3, "px"));
        assertTrue(command.argEqualsIgnoreCase(4, "100"));
        assertFalse(command.argEqualsIgnoreCase(3, "pxx"));
        assertFalse(command.argEqualsIgnoreCase(3, "p"));
        assertFalse(command.argEqualsIgnoreCase(3, "ex"));
        assertFalse(command.argEqualsIgnoreCase(5, "h\u00e9"));
        assertThrows(IndexOutOfBoundsException.class, () -> command.argEqualsIgnoreCase(6, "x"));
        assertTrue(command.release());
    }

    @Test
    void argIsAnUnretainedSlice() {
        RespCommand command = RespCommand.of("GET", "key");
        ByteBuf arg = command.arg(1);
        assertEquals("key", arg.toString(StandardCharsets.US_ASCII));
        assertEquals(1, command.content().refCnt());
        assertThrows(IndexOutOfBoundsException.class, () -> command.arg(2));
        assertThrows(IndexOutOfBoundsException.class, () -> command.argBytes(-1));
        assertTrue(command.release());
        assertEquals(0, arg.refCnt());
    }

    @Test
    void releasingTheLastReferenceReleasesTheContent() {
        RespCommand command = RespCommand.of("PING");
        ByteBuf content = command.content();
        assertSame(command, command.retain());
        assertSame(command, command.touch("hint"));
        assertFalse(command.release());
        assertEquals(1, content.refCnt());
        ByteBuf forwarded = content.retainedDuplicate();
        assertTrue(command.release());
        assertEquals(0, command.refCnt());
        assertEquals(1, content.refCnt());
        assertTrue(forwarded.release());
        assertEquals(0, content.refCnt());
    }

    @Test
    void toStringHidesArguments() {
        RespCommand command = RespCommand.of("AUTH", "secret");
        assertFalse(command.toString().contains("secret"));
        assertTrue(command.toString().contains("auth"));
        command.release();
        assertEquals("RespCommand(released)", command.toString());
    }
}
