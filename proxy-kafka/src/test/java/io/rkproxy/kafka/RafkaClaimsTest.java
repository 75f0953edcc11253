package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.resp.RespCommand;
import org.junit.jupiter.api.Test;

/** Which commands the rafka family takes, on a tenant with only Kafka and on one that also has Redis. */
class RafkaClaimsTest {

    private static boolean claims(boolean kafkaOnly, String... args) {
        RespCommand command = RespCommand.of(args);
        try {
            return RafkaConnection.claims(command, kafkaOnly);
        } finally {
            command.release();
        }
    }

    @Test
    void aKafkaOnlyTenantSendsTheWholeFamilyToKafka() {
        assertTrue(claims(true, "BLPOP", "list", "0"));
        assertTrue(claims(true, "RPUSH", "list", "x"));
        assertTrue(claims(true, "HGETALL", "h"));
        assertTrue(claims(true, "CLIENT", "SETNAME", "plain"));
        assertFalse(claims(true, "CLIENT", "GETNAME"));
        assertFalse(claims(true, "GET", "k"));
    }

    @Test
    void aTenantWithRedisSendsOnlyTheReservedNamesToKafka() {
        assertTrue(claims(false, "BLPOP", "topics:t", "0"));
        assertFalse(claims(false, "BLPOP", "list", "0"));
        assertTrue(claims(false, "rpush", "ACKS", "t:0:1"));
        assertFalse(claims(false, "RPUSH", "list", "x"));
        assertTrue(claims(false, "RPUSHX", "topics:t", "x"));
        assertTrue(claims(false, "HGETALL", "stats"));
        assertFalse(claims(false, "HGETALL", "h"));
        assertTrue(claims(false, "DEL", "Stats"));
        assertFalse(claims(false, "DEL", "stats", "other"));
        assertTrue(claims(false, "KEYS", "topics:"));
        assertFalse(claims(false, "KEYS", "*"));
        assertTrue(claims(false, "DUMP", "1000"));
        assertTrue(claims(false, "CLIENT", "SETNAME", "group:name"));
        assertFalse(claims(false, "CLIENT", "SETNAME", "plain"));
    }
}
