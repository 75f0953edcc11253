package io.rkproxy.core.session;

import static io.rkproxy.core.RespErrors.noPermission;
import static io.rkproxy.core.RespErrors.notInTransaction;
import static io.rkproxy.core.RespErrors.wrongArgs;
import static io.rkproxy.core.resp.Resp.OK;
import static io.rkproxy.core.resp.Resp.QUEUED;
import static io.rkproxy.core.resp.Resp.array;
import static io.rkproxy.core.resp.Resp.bulk;
import static io.rkproxy.core.resp.Resp.bulks;
import static io.rkproxy.core.resp.Resp.error;
import static io.rkproxy.core.resp.Resp.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.FakeLink;
import io.rkproxy.core.backend.FakePool;
import io.rkproxy.core.metrics.Refusal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where each command of an authenticated session goes, seen from the client and the fake backends. */
class CommandRouterTest {

    private static final String CONFIG = """
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
              shared: {type: redis-cluster, nodes: ["127.0.0.1:7000"]}
              events: {type: kafka, bootstrap: "127.0.0.1:9092"}
            tenants:
              alice: {password: alice-secret, pool: cache, db: 1}
              reader: {password: reader-secret, pool: cache, db: 2, read-only: true}
              solo: {password: solo-secret, pool: cache, db: 4, max-pinned-connections: 1}
              limited: {password: limited-secret, pool: cache, db: 3, commands: {deny: [del, info, client]}}
              carol: {password: carol-secret, pool: shared}
              dave: {password: dave-secret, pool: shared, flushdb: refuse}
              feed: {password: feed-secret, kafka: events, topics: {news: [consume]}}
            """;

    private final TestProxy proxy = new TestProxy(CONFIG);
    private final FakePool cache = proxy.pool("cache");

    @AfterEach
    void close() {
        proxy.close();
    }

    /** The one link pinned so far. */
    private FakeLink pinned() {
        List<FakeLink> pinned = cache.pinned();
        assertEquals(1, pinned.size(), "pinned links");
        return pinned.get(0);
    }

    /** MULTI on a fresh pinned link, answered. */
    private FakeLink multi(TestClient client) {
        client.send("MULTI");
        FakeLink link = pinned();
        link.reply(OK);
        assertEquals(OK, client.replies());
        return link;
    }

    @Test
    void anUnknownCommandIsRefusedAndCounted() {
        TestClient client = proxy.connect("alice-secret");
        client.send("FOO a");
        assertEquals(error("ERR unknown command 'FOO', with args beginning with: 'a' "), client.replies());
        assertEquals(1, proxy.meters("alice").refusals(Refusal.UNKNOWN_COMMAND));
        assertEquals(List.of(), cache.shared("alice").sent());
    }

    @Test
    void aWrongArgumentCountNamesTheCommandOrSubcommandAndIsNoRefusal() {
        TestClient client = proxy.connect("alice-secret");
        client.send("GET", "SCRIPT EXISTS");
        assertEquals(error(wrongArgs("get")) + error(wrongArgs("script|exists")), client.replies());
        assertEquals(0, proxy.meters("alice").refusals());
        assertEquals(List.of(), cache.shared("alice").sent());
    }

    @Test
    void anUnknownSubcommandGetsRedisTextBeforeArityAndNothingIsSent() {
        TestClient client = proxy.connect("alice-secret");
        client.send("SCRIPT NOSUCH", "SCRIPT NOSUCH a b");
        assertEquals(error("ERR unknown subcommand 'NOSUCH'. Try SCRIPT HELP.")
                + error("ERR unknown subcommand 'NOSUCH'. Try SCRIPT HELP."), client.replies());
        assertEquals(List.of(), cache.shared("alice").sent());
    }

    @Test
    void denyRulesRefuseForwardedAndLocalCommandsAlike() {
        TestClient client = proxy.connect("limited-secret");
        client.send("DEL k", "INFO", "CLIENT ID", "GET k");
        assertEquals(error(noPermission("del")) + error(noPermission("info")) + error(noPermission("client|id")),
                client.replies());
        assertEquals(3, proxy.meters("limited").refusals(Refusal.NO_PERMISSION));
        assertEquals(List.of("GET k"), cache.shared("limited").sent());
        assertEquals(List.of(), cache.channelLink().sent(), "INFO never reached the backend");
    }

    @Test
    void aReadOnlyTenantIsRefusedWrites() {
        TestClient client = proxy.connect("reader-secret");
        client.send("SET k v", "GET k");
        cache.shared("reader").reply(bulk("v"));
        assertEquals(error(noPermission("set")) + bulk("v"), client.replies());
        assertEquals(List.of("GET k"), cache.shared("reader").sent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"BLPOP q 0", "MULTI", "WATCH k"})
    void aCommandThatPinsALinkWaitsForEarlierReplies(String command) {
        TestClient client = proxy.connect("alice-secret");
        client.send("GET a", command);
        assertEquals(List.of(), cache.pinned(), "not pinned while GET is outstanding");
        assertFalse(client.reading());

        cache.shared("alice").reply(bulk("1"));
        assertEquals(List.of(command), pinned().sent());
        assertTrue(client.reading());
        pinned().reply(OK);
        assertEquals(bulk("1") + OK, client.replies());
    }

    @Test
    void aBlockingCommandGivesItsLinkBackOnceAnswered() {
        TestClient client = proxy.connect("alice-secret");
        client.send("BLPOP q 0");
        FakeLink link = pinned();
        assertFalse(link.released());
        link.reply(bulks("q", "v"));
        assertEquals(bulks("q", "v"), client.replies());
        assertTrue(link.released());
        client.send("GET k");
        assertEquals(List.of("GET k"), cache.shared("alice").sent());
    }

    @Test
    void aBlockingCommandsLinkIsClosedWhenTheClientLeavesFirst() {
        TestClient client = proxy.connect("alice-secret");
        client.send("BLPOP q 0");
        client.close();
        assertTrue(pinned().closed(), "closing abandons the blocked command: it takes nothing");
        assertFalse(pinned().released());
    }

    @Test
    void aTenantAtItsPinnedConnectionsCapIsRefusedWhatNeedsOne() {
        TestClient first = proxy.connect("solo-secret");
        TestClient second = proxy.connect("solo-secret");
        first.send("BLPOP q 0");
        second.send("MULTI");
        assertEquals(error("ERR max number of dedicated backend connections reached for this tenant (1): blocking "
                + "commands, MULTI and WATCH need one"), second.replies());
        assertEquals(1, proxy.meters("solo").refusals(Refusal.MAX_PINNED_CONNECTIONS));

        pinned().reply(bulks("q", "v"));
        second.send("MULTI");
        assertEquals(List.of("MULTI"), cache.pinned().get(1).sent(), "the first link was given back");
    }

    @Test
    void aCommandForAnotherLinkWaitsForEarlierReplies() {
        TestClient client = proxy.connect("alice-secret");
        client.send("SET k v", "PUBLISH ch m");
        assertEquals(List.of(), cache.channelLink().sent(), "PUBLISH may not overtake SET");

        cache.shared("alice").reply(OK);
        assertEquals(List.of("PUBLISH alice:ch m"), cache.channelLink().sent());
        cache.channelLink().reply(integer(1));
        assertEquals(OK + integer(1), client.replies());
    }

    @Test
    void repliesLeaveInCommandOrderWhateverAnswersFirst() {
        TestClient client = proxy.connect("alice-secret");
        client.send("GET a", "PING", "GET b");
        assertEquals("", client.replies(), "PONG waits for the reply to GET a");
        cache.shared("alice").reply(bulk("A"));
        assertEquals(bulk("A") + "+PONG\r\n", client.replies());
        cache.shared("alice").reply(bulk("B"));
        assertEquals(bulk("B"), client.replies());
    }

    @Test
    void scriptKillGoesToThePoolAsItsOwnUser() {
        TestClient client = proxy.connect("alice-secret");
        client.send("SCRIPT KILL");
        assertEquals(List.of("SCRIPT KILL"), cache.scriptKills().sent());
        assertEquals(List.of(), cache.shared("alice").sent());
    }

    @Test
    void aRefusalInsideMultiDoomsTheTransactionAndExecDiscardsIt() {
        TestClient client = proxy.connect("alice-secret");
        FakeLink link = multi(client);
        client.send("SET k v");
        link.reply(QUEUED);
        client.send("FOO", "EXEC");
        assertEquals(QUEUED + error("ERR unknown command 'FOO', with args beginning with: ")
                + error(RespErrors.EXECABORT), client.replies());
        assertEquals(List.of("MULTI", "SET k v", "DISCARD"), link.sent());

        link.reply(OK);
        assertEquals("", client.replies(), "DISCARD's reply is the proxy's own");
        assertTrue(link.released(), "the transaction is over");
    }

    @Test
    void aCommandThePoolCannotRunInATransactionIsRefusedOnlyInsideMultiAndDoomsIt() {
        cache.refuseInTransaction("keys", "CROSSSLOT not in a transaction");
        TestClient client = proxy.connect("alice-secret");
        client.send("KEYS *");
        assertEquals(List.of("KEYS *"), cache.shared("alice").sent());
        cache.shared("alice").reply(array());
        assertEquals(array(), client.replies());
        FakeLink link = multi(client);
        client.send("KEYS *", "EXEC");
        assertEquals(error("CROSSSLOT not in a transaction") + error(RespErrors.EXECABORT), client.replies());
        assertEquals(List.of("MULTI", "DISCARD"), link.sent());
    }

    @Test
    void selectZeroInsideMultiIsQueuedAsUnwatchAndAnyOtherDbDoomsIt() {
        TestClient client = proxy.connect("alice-secret");
        FakeLink link = multi(client);
        client.send("SELECT 0");
        link.reply(QUEUED);
        client.send("SELECT 1", "EXEC");
        assertEquals(QUEUED + error(RespErrors.DB_OUT_OF_RANGE) + error(RespErrors.EXECABORT), client.replies());
        assertEquals(List.of("MULTI", "UNWATCH", "DISCARD"), link.sent());
    }

    @Test
    void subscribeScriptKillAndLocalCommandsAreRefusedInsideMulti() {
        TestClient client = proxy.connect("alice-secret");
        FakeLink link = multi(client);
        client.send("SUBSCRIBE ch", "SCRIPT KILL", "INFO", "EXEC");
        assertEquals(error(notInTransaction("subscribe")) + error(notInTransaction("script|kill"))
                + error(notInTransaction("info")) + error(RespErrors.EXECABORT), client.replies());
        assertEquals(List.of("MULTI", "DISCARD"), link.sent());
        assertEquals(List.of(), cache.channelLink().sent());
        assertEquals(List.of(), cache.scriptKills().sent());
    }

    @Test
    void publishInsideMultiIsQueuedAsPingAndPublishedAsThePoolsUserOnceExecRan() {
        TestClient client = proxy.connect("alice-secret");
        FakeLink link = multi(client);
        client.send("PUBLISH ch m", "EXEC");
        link.reply(QUEUED);
        assertEquals(List.of(), cache.channelLink().sent(), "nothing is published before EXEC ran");
        link.reply("*1\r\n+PONG\r\n");
        assertEquals(List.of("PUBLISH alice:ch m"), cache.channelLink().sent());
        cache.channelLink().reply(integer(3));
        assertEquals(QUEUED + "*1\r\n:3\r\n", client.replies());
        assertEquals(List.of("MULTI", "PING", "EXEC"), link.sent());
    }

    @Test
    void aPublishAfterExecDoesNotOvertakeTheSetBeforeIt() {
        TestClient client = proxy.connect("alice-secret");
        FakeLink link = multi(client);
        client.send("PUBLISH ch m", "EXEC", "SET k v");
        link.reply(QUEUED);
        link.reply("*1\r\n+PONG\r\n");
        assertEquals(List.of("PUBLISH alice:ch m"), cache.channelLink().sent());
        client.send("PUBLISH ch2 n");
        assertEquals(List.of("PUBLISH alice:ch m"), cache.channelLink().sent(),
                "PUBLISH ch2 may not overtake the SET sent before it, whose reply is still out");
    }

    @Test
    void pingInsideMultiIsQueuedByTheBackend() {
        TestClient client = proxy.connect("alice-secret");
        FakeLink link = multi(client);
        client.send("PING", "EXEC");
        link.reply(QUEUED);
        link.reply("*1\r\n+PONG\r\n");
        assertEquals(QUEUED + "*1\r\n+PONG\r\n", client.replies());
        assertEquals(List.of("MULTI", "PING", "EXEC"), link.sent());
    }

    @Test
    void aMultiInsideMultiQueuesNothingSoExecStillStripsWhatWasQueuedBeforeIt() {
        TestClient client = proxy.connect("carol-secret");
        client.send("MULTI");
        List<FakeLink> pinned = proxy.pool("shared").pinned();
        assertEquals(1, pinned.size(), "pinned links");
        FakeLink link = pinned.get(0);
        link.reply(OK);
        client.send("KEYS *", "MULTI", "EXEC");
        link.reply(QUEUED);
        link.reply(error("ERR MULTI calls can not be nested"));
        link.reply(array(bulks("carol:a")));
        assertEquals(OK + QUEUED + error("ERR MULTI calls can not be nested") + array(bulks("a")), client.replies());
        assertEquals(List.of("MULTI", "KEYS carol:*", "MULTI", "EXEC"), link.sent());
    }

    @Test
    void aKeyPrefixedTenantsKeysAreRewrittenOnTheWayIn() {
        TestClient client = proxy.connect("carol-secret");
        client.send("MSET a 1 b 2", "ZUNIONSTORE d 2 a b WEIGHTS 1 2", "GEORADIUS g 15 37 200 km STORE d");
        assertEquals(List.of("MSET carol:a 1 carol:b 2", "ZUNIONSTORE carol:d 2 carol:a carol:b WEIGHTS 1 2",
                "GEOSEARCHSTORE carol:d carol:g FROMLONLAT 15 37 BYRADIUS 200 km"),
                proxy.pool("shared").shared("carol").sent(), "GEORADIUS goes as the command its keys are found in");
    }

    @Test
    void aKeyPrefixedTenantsListingsComeBackStripped() {
        TestClient client = proxy.connect("carol-secret");
        FakeLink link = proxy.pool("shared").shared("carol");
        client.send("KEYS *", "SCAN 0");
        assertEquals(List.of("KEYS carol:*", "SCAN 0 MATCH carol:*"), link.sent());
        link.reply(bulks("carol:a", "dave:b"));
        link.reply(array(bulk("0"), bulks("carol:c")));
        assertEquals(bulks("a") + array(bulk("0"), bulks("c")), client.replies());
    }

    @Test
    void dbsizeOfAKeyPrefixedTenantWalksItsKeysWhileLaterCommandsWait() {
        TestClient client = proxy.connect("carol-secret");
        FakeLink link = proxy.pool("shared").shared("carol");
        client.send("DBSIZE", "GET x");
        assertEquals(SessionState.WALKING, client.state());
        assertEquals(List.of("SCAN 0 MATCH carol:* COUNT 1000"), link.sent());

        link.reply(array(bulk("12"), bulks("carol:a", "carol:b")));
        assertEquals(List.of("SCAN 0 MATCH carol:* COUNT 1000", "SCAN 12 MATCH carol:* COUNT 1000"), link.sent());
        assertFalse(client.reading());

        link.reply(array(bulk("0"), bulks("carol:c")));
        assertEquals(SessionState.READY, client.state());
        assertEquals("GET carol:x", link.sent().get(2));
        link.reply(bulk("X"));
        assertEquals(integer(3) + bulk("X"), client.replies());
    }

    @Test
    void flushdbIsRefusedToAKeyPrefixedTenantThatSaysSo() {
        TestClient client = proxy.connect("dave-secret");
        client.send("FLUSHDB");
        assertEquals(error("NOPERM FLUSHDB is refused for tenant 'dave' (flushdb: refuse): its keys share a cluster "
                + "with other tenants'"), client.replies());
        assertEquals(SessionState.READY, client.state());
        assertEquals(List.of(), proxy.pool("shared").shared("dave").sent());
    }

    @Test
    void aPoolThatIsNotReadyAnswersWithItsOwnError() {
        TestClient client = proxy.connect("alice-secret");
        cache.notReady(Optional.of("ERR backend pool 'cache' is unavailable: connection refused"));
        client.send("GET k", "PING");
        assertEquals(error("ERR backend pool 'cache' is unavailable: connection refused") + "+PONG\r\n",
                client.replies());
        cache.notReady(Optional.empty());
        client.send("GET k");
        assertEquals(error(RespErrors.poolUnavailable("cache", "the backend has not answered yet")),
                client.replies());
        assertEquals(List.of(), cache.shared("alice").sent());
    }

    @Test
    void aKafkaOnlyTenantHasNoRedisCommands() {
        TestClient client = proxy.connect("feed-secret");
        client.send("GET k", "PING");
        assertEquals(error("Command not supported: GET") + "+PONG\r\n", client.replies());
        assertEquals(1, proxy.meters("feed").refusals(Refusal.UNKNOWN_COMMAND));
    }

    @Test
    void aTenantsLibraryIsLoadedAsThePoolsUserThenCheckedForFunctionsOutsideItsNames() {
        TestClient client = proxy.connect("alice-secret");
        client.send("FUNCTION LOAD #!lua\tname=mylib\ncode");
        FakeLink link = cache.channelLink();
        assertEquals("FUNCTION LIST LIBRARYNAME rkproxy_alice__*", link.sent().get(0), "the tenant's quota first");
        link.reply(array());
        assertTrue(link.sent().get(1).startsWith("FUNCTION LOAD #!lua name=rkproxy_alice__mylib\nlocal redis = "),
                link.sent().get(1));
        link.reply(bulk("rkproxy_alice__mylib"));
        assertEquals("FUNCTION LIST LIBRARYNAME rkproxy_alice__mylib", link.sent().get(2));
        link.reply(array(library("rkproxy_alice__f")));
        assertEquals(bulk("mylib"), client.replies());
        assertEquals(List.of(), cache.shared("alice").sent(), "the tenant's backend user may not load libraries");
    }

    @Test
    void aLibraryThatRegisteredAFunctionOutsideTheTenantsNamesIsDeletedAgain() {
        TestClient client = proxy.connect("alice-secret");
        client.send("FUNCTION LOAD #!lua\tname=mylib\ncode");
        FakeLink link = cache.channelLink();
        link.reply(array());
        link.reply(bulk("rkproxy_alice__mylib"));
        link.reply(array(library("rkproxy_alice__f", "rkproxy_bob__f")));
        assertEquals("FUNCTION DELETE rkproxy_alice__mylib", link.sent().get(3));
        assertEquals("", client.replies(), "answered once the library is gone");
        link.reply(OK);
        assertEquals(error("ERR rkproxy deleted the library again: it registered [rkproxy_bob__f] outside the"
                + " tenant's names"), client.replies());
    }

    /** A FUNCTION LIST entry of library rkproxy_alice__mylib with these functions. */
    private static String library(String... functions) {
        String[] entries = new String[functions.length];
        for (int i = 0; i < functions.length; i++) {
            entries[i] = array(bulk("name"), bulk(functions[i]), bulk("description"), "$-1\r\n", bulk("flags"),
                    array());
        }
        return array(bulk("library_name"), bulk("rkproxy_alice__mylib"), bulk("engine"), bulk("LUA"),
                bulk("functions"), array(entries));
    }
}
