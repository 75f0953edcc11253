package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class CommandNamesTest {

    private static String find(String text) {
        ByteBuf buf = Unpooled.copiedBuffer("xx" + text + "yy", StandardCharsets.ISO_8859_1);
        String found = CommandNames.find(buf, 2, text.length());
        buf.release();
        return found;
    }

    @Test
    void findsKnownNamesInAnyCaseAsTheInternedConstant() {
        for (String name : List.of("get", "set", "client", "georadiusbymember_ro", "restore-asking", "kpush",
                "proxy")) {
            assertSame(name, find(name));
            assertSame(name, find(name.toUpperCase()));
        }
        assertSame("hgetall", find("hGetAll"));
    }

    @Test
    void findsNothingForOtherBytes() {
        for (String other : List.of("", "ge", "gett", "g\u00c9t", "get ", "getx".repeat(40))) {
            assertNull(find(other), other);
        }
    }
}
