package io.rkproxy.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GeoRadiusRewriteTest {

    private static String rewritten(String... args) {
        return RewriteText.of(GeoRadiusRewrite::rewrite, args);
    }

    @Test
    void withoutStoreItIsTheReadOnlyForm() {
        assertEquals("georadius_ro g 15 37 200 km WITHDIST COUNT 1 ASC",
                rewritten("GEORADIUS", "g", "15", "37", "200", "km", "WITHDIST", "COUNT", "1", "ASC"));
        assertEquals("georadiusbymember_ro g m 200 km", rewritten("georadiusbymember", "g", "m", "200", "km"));
    }

    @Test
    void theLastStoreIsTheOneDestinationAsRedisWouldWriteIt() {
        assertEquals("GEOSEARCHSTORE second g FROMLONLAT 15 37 BYRADIUS 200 km",
                rewritten("GEORADIUS", "g", "15", "37", "200", "km", "STORE", "first", "STORE", "second"));
        assertEquals("GEOSEARCHSTORE d g FROMMEMBER m BYRADIUS 200 km DESC COUNT 2 ANY STOREDIST",
                rewritten("GEORADIUSBYMEMBER", "g", "m", "200", "km", "STORE", "x", "COUNT", "1", "ANY", "DESC",
                        "COUNT", "2", "STOREDIST", "d"));
    }

    @Test
    void aCountIsNeverTakenForAnOption() {
        assertEquals("GEOSEARCHSTORE d g FROMLONLAT 15 37 BYRADIUS 200 km COUNT store",
                rewritten("GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "store", "STORE", "d"));
    }

    @Test
    void redisErrorsStayRedisErrors() {
        assertEquals("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options",
                rewritten("GEORADIUS", "g", "15", "37", "200", "km", "WITHDIST", "STORE", "d"));
        assertEquals("ERR syntax error", rewritten("GEORADIUS", "g", "15", "37", "200", "km", "BOGUS", "STORE", "d"));
        assertEquals("ERR syntax error", rewritten("GEORADIUS", "g", "15", "37", "200", "km", "STORE"));
        assertEquals("ERR wrong number of arguments for 'georadius' command",
                rewritten("GEORADIUS", "g", "15", "37", "200"));
    }
}
