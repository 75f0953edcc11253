package io.rkproxy.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.resp.RespCommand;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionEffectTest {

    private static CommandSpec spec(String name, AclCategory... categories) {
        return new CommandSpec(name, -2, Set.of(), AclCategory.mask(categories), 0, 0, 0, java.util.List.of(),
                Map.of());
    }

    private static ConnectionEffect effect(CommandSpec spec, String... args) {
        RespCommand command = RespCommand.of(args);
        try {
            return ConnectionEffect.of(spec, command);
        } finally {
            command.release();
        }
    }

    @Test
    void blockingCategoryBlocks() {
        assertEquals(ConnectionEffect.BLOCKS, effect(spec("blpop", AclCategory.BLOCKING), "BLPOP", "q", "0"));
        assertEquals(ConnectionEffect.NONE, effect(spec("lpop", AclCategory.WRITE), "LPOP", "q"));
    }

    @Test
    void waitBlocksThoughItIsNotInTheBlockingCategory() {
        assertEquals(ConnectionEffect.BLOCKS, effect(spec("wait", AclCategory.CONNECTION), "WAIT", "0", "0"));
    }

    @Test
    void transactionCommandsChangeTheConnectionsState() {
        assertEquals(ConnectionEffect.STARTS_TRANSACTION, effect(spec("multi"), "MULTI"));
        assertEquals(ConnectionEffect.ENDS_TRANSACTION, effect(spec("exec"), "EXEC"));
        assertEquals(ConnectionEffect.ENDS_TRANSACTION, effect(spec("discard"), "DISCARD"));
        assertEquals(ConnectionEffect.WATCHES, effect(spec("watch"), "WATCH", "k"));
        assertEquals(ConnectionEffect.UNWATCHES, effect(spec("unwatch"), "UNWATCH"));
    }

    @Test
    void xreadBlocksOnlyWithTheBlockOption() {
        CommandSpec xread = spec("xread", AclCategory.BLOCKING);
        assertEquals(ConnectionEffect.BLOCKS, effect(xread, "XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", "$"));
        assertEquals(ConnectionEffect.NONE, effect(xread, "XREAD", "STREAMS", "s", "0"));
        assertEquals(ConnectionEffect.NONE, effect(xread, "XREAD", "COUNT", "block", "STREAMS", "s", "0"),
                "a count is never the BLOCK option");
    }

    @Test
    void xreadgroupNamesAreNeverMistakenForTheBlockOption() {
        CommandSpec xreadgroup = spec("xreadgroup", AclCategory.BLOCKING);
        assertEquals(ConnectionEffect.BLOCKS, effect(xreadgroup,
                "XREADGROUP", "GROUP", "streams", "c", "BLOCK", "10", "STREAMS", "s", ">"));
        assertEquals(ConnectionEffect.NONE, effect(xreadgroup,
                "XREADGROUP", "GROUP", "block", "block", "STREAMS", "s", ">"));
        assertEquals(ConnectionEffect.BLOCKS, effect(xreadgroup,
                "XREADGROUP", "GROUP", "g", "c", "NOACK", "COUNT", "5", "BLOCK", "10", "STREAMS", "s", ">"));
    }

    @Test
    void blockAnywhereBeforeStreamsBlocks() {
        CommandSpec xreadgroup = spec("xreadgroup", AclCategory.BLOCKING);
        assertEquals(ConnectionEffect.BLOCKS, effect(xreadgroup,
                "XREADGROUP", "BLOCK", "3000", "GROUP", "g", "c", "STREAMS", "s1", ">"));
        assertEquals(ConnectionEffect.BLOCKS, effect(xreadgroup,
                "XREADGROUP", "COUNT", "1", "NOACK", "BLOCK", "0", "GROUP", "g", "c", "STREAMS", "s1", ">"));
        assertEquals(ConnectionEffect.NONE, effect(xreadgroup,
                "XREADGROUP", "GROUP", "g", "c", "STREAMS", "block", "10", ">", ">"),
                "after STREAMS come stream names and ids");
    }

    @Test
    void onlyStateTakingEffectsNeedAPinnedConnection() {
        assertEquals(Set.of(ConnectionEffect.BLOCKS, ConnectionEffect.STARTS_TRANSACTION, ConnectionEffect.WATCHES),
                java.util.EnumSet.allOf(ConnectionEffect.class).stream()
                        .filter(ConnectionEffect::needsPinnedConnection)
                        .collect(java.util.stream.Collectors.toSet()));
    }
}
