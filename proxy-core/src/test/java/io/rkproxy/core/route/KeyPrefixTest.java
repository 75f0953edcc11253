package io.rkproxy.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.command.RedisCommands;
import io.rkproxy.core.resp.CommandText;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPrefixTest {

    private static final KeyPrefix ALICE = new KeyPrefix("alice:");

    private record Format(ByteBufAllocator alloc, Protocol protocol) implements ReplyFormat {
    }

    /** The slot a rewritten reply lands in. */
    private static final class Answer implements ReplyCallback {

        private RespValue value;

        @Override
        public void onReply(ByteBuf frame) {
            value = RespValue.consume(frame);
        }

        @Override
        public void onError(String redisError) {
            value = new RespValue.Error(redisError);
        }
    }

    /** The command as the backend gets it, with the spec the router resolves for it (a subcommand's own). */
    private static String applied(KeyPrefix keys, String line) {
        RespCommand command = CommandText.parse(line);
        RespCommand sent = keys.apply(RedisCommands.spec(command.name()).resolve(command), command);
        try {
            return CommandText.of(sent);
        } finally {
            sent.release();
            command.release();
        }
    }

    private static String applied(String line) {
        return applied(ALICE, line);
    }

    /** What the client gets when the backend answers {@code line} with {@code reply}. */
    private static RespValue stripped(String line, RespValue reply, Protocol protocol) {
        RespCommand command = CommandText.parse(line);
        Answer answer = new Answer();
        try {
            ALICE.stripping(command, answer, new Format(ByteBufAllocator.DEFAULT, protocol))
                    .onReply(RespValueEncoder.encode(reply, Unpooled.buffer(), protocol));
        } finally {
            command.release();
        }
        return answer.value;
    }

    private static RespValue stripped(String line, RespValue reply) {
        return stripped(line, reply, Protocol.RESP2);
    }

    private static RespValue bulk(String text) {
        return new RespValue.Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    private static RespValue array(RespValue... items) {
        return new RespValue.Array(List.of(items));
    }

    private static RespValue bulks(String... texts) {
        return new RespValue.Array(java.util.Arrays.stream(texts).map(KeyPrefixTest::bulk).toList());
    }

    @Test
    void aSingleKeyGainsThePrefixAndNothingElseDoes() {
        assertEquals("GET alice:k", applied("GET k"));
        assertEquals("SET alice:k v EX 10", applied("SET k v EX 10"));
        assertEquals("MEMORY USAGE alice:k", applied("MEMORY USAGE k"));
    }

    @Test
    void multiKeyCommandsFollowTheirKeyStride() {
        assertEquals("MSET alice:a 1 alice:b 2", applied("MSET a 1 b 2"));
        assertEquals("DEL alice:a alice:b alice:c", applied("DEL a b c"));
        assertEquals("BLPOP alice:a alice:b 0", applied("BLPOP a b 0"));
        assertEquals("RENAME alice:a alice:b", applied("RENAME a b"));
        assertEquals("WATCH alice:a alice:b", applied("WATCH a b"));
    }

    @Test
    void keysCountedByAnArgumentAreFoundByTheCount() {
        assertEquals("EVAL body 2 alice:k1 alice:k2 arg", applied("EVAL body 2 k1 k2 arg"));
        assertEquals("EVAL body 0 k1", applied("EVAL body 0 k1"), "no key: k1 is an argument");
        assertEquals("ZUNIONSTORE alice:d 2 alice:a alice:b WEIGHTS 1 2", applied("ZUNIONSTORE d 2 a b WEIGHTS 1 2"));
        assertEquals("BLMPOP 0 2 alice:a alice:b LEFT", applied("BLMPOP 0 2 a b LEFT"));
        assertEquals("LMPOP 1 alice:l RIGHT COUNT 2", applied("LMPOP 1 l RIGHT COUNT 2"));
    }

    @Test
    void streamsAreTheFirstHalfAfterTheKeyword() {
        assertEquals("XREAD COUNT 2 STREAMS alice:s1 alice:s2 0 0", applied("XREAD COUNT 2 STREAMS s1 s2 0 0"));
        assertEquals("XREADGROUP GROUP g c STREAMS alice:s >", applied("XREADGROUP GROUP g c STREAMS s >"));
    }

    @Test
    void sortPatternsAndItsStoreDestinationAreKeys() {
        assertEquals("SORT alice:l BY alice:w_* GET alice:o_* GET # LIMIT 0 10 STORE alice:d",
                applied("SORT l BY w_* GET o_* GET # LIMIT 0 10 STORE d"));
        assertEquals("SORT_RO alice:l BY alice:w_* GET #", applied("SORT_RO l BY w_* GET #"));
    }

    @Test
    void patternsGainThePrefixEscaped() {
        KeyPrefix globby = new KeyPrefix("t[1]*:");
        assertEquals("KEYS t\\[1\\]\\*:user:*", applied(globby, "KEYS user:*"));
        assertEquals("SCAN 0 MATCH t\\[1\\]\\*:a?", applied(globby, "SCAN 0 MATCH a?"));
        assertEquals("GET t[1]*:k", applied(globby, "GET k"), "a key is not a pattern");
    }

    @Test
    void everyScanSeesOnlyTheTenantsKeys() {
        assertEquals("SCAN 0 MATCH alice:*", applied("SCAN 0"));
        assertEquals("SCAN 7 COUNT 10 TYPE string MATCH alice:*", applied("SCAN 7 COUNT 10 TYPE string"));
        assertEquals("SCAN 0 MATCH alice:u* COUNT 10", applied("SCAN 0 MATCH u* COUNT 10"));
        assertEquals("SCAN 0 MATCH alice:a MATCH alice:b", applied("SCAN 0 MATCH a MATCH b"), "Redis uses the last");
        assertEquals("SCAN 0 COUNT", applied("SCAN 0 COUNT"), "an option without its value stays Redis's syntax error");
    }

    @Test
    void aCommandWithoutKeysGoesUnchanged() {
        assertEquals("ECHO k", applied("ECHO k"));
        assertEquals("PUBLISH k m", applied("PUBLISH k m"), "channels are not keys");
    }

    @Test
    void listingsComeBackWithoutThePrefixAndWithoutForeignKeys() {
        assertEquals(bulks("a", "b"), stripped("KEYS *", bulks("alice:a", "bob:x", "alice:b", "alice")));
        assertEquals(array(bulk("17"), bulks("a")), stripped("SCAN 0", array(bulk("17"), bulks("alice:a", "x"))));
    }

    @Test
    void popsAndStreamReadsNameTheirKeyWithoutThePrefix() {
        assertEquals(bulks("q", "v"), stripped("BLPOP q 0", bulks("alice:q", "v")));
        assertEquals(bulks("z", "m", "1"), stripped("BZPOPMIN z 0", bulks("alice:z", "m", "1")));
        assertEquals(array(bulk("l"), bulks("a", "b")), stripped("LMPOP 1 l LEFT", array(bulk("alice:l"),
                bulks("a", "b"))));
        RespValue entries = array(array(bulk("1-0"), bulks("f", "v")));
        assertEquals(array(array(bulk("s"), entries)),
                stripped("XREAD STREAMS s 0", array(array(bulk("alice:s"), entries))));
        assertEquals(new RespValue.Dict(List.of(bulk("s"), entries)),
                stripped("XREAD STREAMS s 0", new RespValue.Dict(List.of(bulk("alice:s"), entries)), Protocol.RESP3));
    }

    @Test
    void nullRepliesAndErrorsPassUnchanged() {
        assertEquals(RespValue.NULL, stripped("BLPOP q 1", RespValue.NULL));
        assertEquals(RespValue.NULL, stripped("XREAD BLOCK 1 STREAMS s $", RespValue.NULL));
        assertEquals(new RespValue.Error("WRONGTYPE x"), stripped("KEYS *", new RespValue.Error("WRONGTYPE x")));
    }

    @Test
    void aReplyWithoutKeysIsNotRewritten() {
        RespCommand get = CommandText.parse("GET k");
        Answer slot = new Answer();
        try {
            assertSame(slot, ALICE.stripping(get, slot, new Format(ByteBufAllocator.DEFAULT, Protocol.RESP2)));
        } finally {
            get.release();
        }
    }

    @Test
    void aForeignKeyIsLeftWhole() {
        assertEquals("bob:k", new String(ALICE.strip("bob:k".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
        assertEquals("k", new String(ALICE.strip("alice:k".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    }
}
