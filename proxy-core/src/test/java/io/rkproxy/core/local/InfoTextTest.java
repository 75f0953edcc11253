package io.rkproxy.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InfoTextTest {

    static final String INFO = String.join("\r\n",
            "# Server", "redis_version:7.0.15", "executable:/usr/bin/redis-server", "config_file:/etc/redis.conf",
            "tcp_port:6379", "",
            "# Stats", "total_commands_processed:99", "",
            "# Commandstats", "cmdstat_get:calls=5", "",
            "# Keyspace", "db0:keys=9,expires=0,avg_ttl=0", "db3:keys=2,expires=1,avg_ttl=5",
            "db4:keys=7,expires=0,avg_ttl=0", "");

    @Test
    void keepsServerSectionWithoutHostPathsAndOnlyTheTenantsDbAsDbZero() {
        assertEquals(String.join("\r\n", "# Server", "redis_version:7.0.15", "tcp_port:6379", "",
                "# Keyspace", "db0:keys=2,expires=1,avg_ttl=5"), InfoText.forTenant(INFO, 3));
    }

    @Test
    void tenantWithAnEmptyDbSeesAnEmptyKeyspace() {
        assertEquals(String.join("\r\n", "# Server", "redis_version:7.0.15", "tcp_port:6379", "",
                "# Keyspace"), InfoText.forTenant(INFO, 5));
    }
}
