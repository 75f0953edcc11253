package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * SCAN on a cluster pool as Jedis's own cluster scan tests use it: one call fills its page from the masters in turn,
 * so a small keyspace spread over every master is listed by one SCAN 0, which ends the iteration.
 */
class ClusterScanPagesTest {

    private static final int MASTERS = 3;

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}",
            "bob: {password: bob-secret, pool: big}");

    private List<String> keys;

    @BeforeEach
    void fiveOfAlicesKeysOnEveryMasterAndBobsUnderTheSameNames() {
        proxy.cluster().flushAll();
        keys = fiveKeysOverEveryMaster();
        try (Jedis alice = login("alice-secret"); Jedis bob = login("bob-secret")) {
            for (String key : keys) {
                alice.set(key, "alice");
                bob.set(key, "bob");
            }
            bob.set("bobs-own", "bob");
            alice.hset("a-hash", "f", "v");
        }
    }

    /** Five names whose keys for alice lie on every master: one on each, then two more wherever they fall. */
    private static List<String> fiveKeysOverEveryMaster() {
        List<String> names = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; covered.size() < MASTERS; i++) {
            if (covered.add(proxy.cluster().masterForSlot(proxy.cluster().slotOf("alice:k" + i)).port())) {
                names.add("k" + i);
            }
        }
        names.add("other-1");
        names.add("other-2");
        return names;
    }

    private static Jedis login(String password) {
        Jedis jedis = new Jedis("127.0.0.1", proxy.port());
        jedis.auth(password);
        return jedis;
    }

    @Test
    void oneScanFromZeroReturnsEveryKeyOfEveryMasterAndCursorZero() {
        try (Jedis alice = login("alice-secret")) {
            ScanResult<String> all = alice.scan(ScanParams.SCAN_POINTER_START);
            assertEquals(ScanParams.SCAN_POINTER_START, all.getCursor());
            assertEquals(sorted(keys, "a-hash"), sorted(all.getResult()));

            ScanResult<String> matched = alice.scan(ScanParams.SCAN_POINTER_START, new ScanParams().match("k*"));
            assertEquals(ScanParams.SCAN_POINTER_START, matched.getCursor());
            assertEquals(sorted(keys.stream().filter(k -> k.startsWith("k")).toList()), sorted(matched.getResult()));

            ScanResult<String> strings = alice.scan(ScanParams.SCAN_POINTER_START, new ScanParams(), "string");
            assertEquals(ScanParams.SCAN_POINTER_START, strings.getCursor());
            assertEquals(sorted(keys), sorted(strings.getResult()));
        }
    }

    @Test
    void withCountTwoTheIterationTakesSeveralCallsAndReturnsEveryKeyExactlyOnce() {
        try (Jedis alice = login("alice-secret")) {
            List<List<String>> pages = scanAll(alice, new ScanParams().count(2));
            assertTrue(pages.size() > 1, "COUNT 2 cuts the six keys into pages: " + pages);
            assertEquals(sorted(keys, "a-hash"), sorted(pages.stream().flatMap(List::stream).toList()));
        }
    }

    @Test
    void aPrefixedTenantsScanNeverShowsAnotherTenantsKeys() {
        try (Jedis alice = login("alice-secret"); Jedis bob = login("bob-secret")) {
            assertEquals(sorted(keys, "a-hash"), sorted(everyKey(alice, new ScanParams())), "default COUNT");
            assertEquals(sorted(keys, "a-hash"), sorted(everyKey(alice, new ScanParams().count(1))), "COUNT 1");
            assertEquals(List.of(), everyKey(alice, new ScanParams().match("*bob*").count(1000)));
            assertEquals(sorted(keys, "bobs-own"), sorted(everyKey(bob, new ScanParams().count(2))));
        }
    }

    /** The keys of a whole iteration, in the order they came. */
    private static List<String> everyKey(Jedis jedis, ScanParams params) {
        return scanAll(jedis, params).stream().flatMap(List::stream).toList();
    }

    /** The pages of a whole iteration, from cursor 0 until it comes back 0. */
    private static List<List<String>> scanAll(Jedis jedis, ScanParams params) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            pages.add(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && pages.size() < 100);
        assertEquals(ScanParams.SCAN_POINTER_START, cursor, "the iteration ended");
        return pages;
    }

    private static List<String> sorted(List<String> names, String... more) {
        List<String> out = new ArrayList<>(names);
        out.addAll(List.of(more));
        out.sort(null);
        return out;
    }
}
