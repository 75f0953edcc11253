package io.rkproxy.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.command.AclCategory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static final String VALID = """
            server:
              bind: 127.0.0.1
              port: 6380
            pools:
              cache:
                type: redis
                nodes: ["127.0.0.1:6379"]
            tenants:
              alice:
                password: alice-secret
                pool: cache
                db: 5
                read-only: false
            """;

    @TempDir
    Path dir;

    private ProxyConfig load(String yaml) throws Exception {
        return load(yaml, PoolProbe.OFFLINE);
    }

    private ProxyConfig load(String yaml, PoolProbe probe) throws Exception {
        Path file = dir.resolve("rkproxy.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(probe).load(file);
    }

    private List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).problems();
    }

    @Test
    void readsTheContractShape() throws Exception {
        ProxyConfig config = load(VALID);
        assertEquals(6380, config.server().port());
        assertEquals(new Address("127.0.0.1", 6379), config.pools().get("cache").nodes().get(0));
        TenantConfig alice = config.tenants().get("alice");
        assertEquals(5, alice.db());
        assertFalse(alice.readOnly());
        assertEquals(Credentials.of(Set.of(PasswordHash.ofPlain("alice-secret"))), alice.credentials());
    }

    @Test
    void preAuthLimitsHaveDefaultsWellInsideTheHeapAndTheFileDescriptors() throws Exception {
        ServerConfig server = load(VALID).server();
        assertEquals(1024, server.maxUnauthenticatedConnections());
        assertEquals(128, server.maxUnauthenticatedConnectionsPerAddress());
        assertEquals(4096, server.maxUnauthenticatedInputBytes());
        assertEquals(16 * 1024 * 1024, server.maxUnauthenticatedBufferBytes());
        assertEquals(10, server.authMaxFailures());
        assertEquals(Duration.ofSeconds(60), server.authFailureWindow());
        assertEquals(Duration.ofSeconds(1), server.authFailureDelay());
        assertEquals(4096, server.unauthenticatedLimits().maxInputBytes());
        assertFalse(server.unauthenticatedLimits().authenticated());
        assertEquals(Long.MAX_VALUE, server.requestLimits().maxInputBytes());
    }

    @Test
    void preAuthLimitsAreValidated() {
        List<String> problems = problems(VALID.replace("port: 6380", """
                port: 6380
                  max-unauthenticated-connections: 10
                  max-unauthenticated-connections-per-address: 20
                  max-unauthenticated-input-bytes: 10
                  max-unauthenticated-buffer-bytes: 0
                  auth-failure-delay-ms: 60000"""));
        String file = dir.resolve("rkproxy.yaml") + ": server.";
        assertEquals(List.of(
                file + "auth-failure-delay-ms: 60000 is out of range 0..10000",
                file + "max-unauthenticated-input-bytes: 10 is out of range 256..1048576",
                file + "max-unauthenticated-buffer-bytes: 0 is out of range 65536..2147483647",
                file + "max-unauthenticated-connections-per-address: must not exceed "
                        + "max-unauthenticated-connections (10)"), problems);
    }

    @Test
    void aNodeIdMustBeFitForAZnodeAndAMetricLabel() throws Exception {
        assertEquals("edge-1", load(VALID.replace("port: 6380", "port: 6380\n  node-id: edge-1")).server().nodeId());
        assertEquals("", load(VALID).server().nodeId(), "derived at start-up");
        List<String> problems = problems(VALID.replace("port: 6380", "port: 6380\n  node-id: \"edge/1\""));
        assertEquals(List.of(dir.resolve("rkproxy.yaml") + ": server.node-id: 'edge/1' may hold only letters, "
                + "digits, '.', '_' and '-' (at most 64)"), problems);
    }

    @Test
    void aChannelPrefixMayNotReachIntoTheChannelsTheProxyPublishesOn() {
        for (String prefix : new String[] {"__", "__rkproxy__:", "__rkproxy__:w"}) {
            List<String> problems = problems(VALID.replace("read-only: false",
                    "read-only: false\n    channel-prefix: \"" + prefix + "\""));
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("channel-prefix: '" + prefix + "' overlaps '__rkproxy__:'"),
                    problems.get(0));
        }
    }

    @Test
    void functionQuotasDefaultTo100LibrariesOf1MibAndMustBePositive() throws Exception {
        TenantConfig alice = load(VALID).tenants().get("alice");
        assertEquals(new FunctionQuota(100, 1 << 20), alice.functionQuota());
        List<String> problems = problems(VALID.replace("read-only: false",
                "read-only: false\n    max-function-libraries: 0\n    max-function-bytes: -1"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("tenants.alice.max-function-libraries"), problems.get(0));
        assertTrue(problems.get(1).contains("tenants.alice.max-function-bytes"), problems.get(1));
    }

    @Test
    void latencyMonitorThresholdDefaultsToOffAndMustNotBeNegative() throws Exception {
        assertEquals(0, load(VALID).tenants().get("alice").latencyMonitorThresholdMs());
        String set = VALID.replace("read-only: false", "read-only: false\n    latency-monitor-threshold-ms: 25");
        assertEquals(25, load(set).tenants().get("alice").latencyMonitorThresholdMs());
        List<String> problems = problems(VALID.replace("read-only: false",
                "read-only: false\n    latency-monitor-threshold-ms: -1"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("tenants.alice.latency-monitor-threshold-ms"), problems.get(0));
    }

    @Test
    void unknownKeyIsNamedWithFileAndPath() {
        List<String> problems = problems(VALID.replace("read-only: false", "read-only: false\n    colour: red"));
        assertEquals(List.of(dir.resolve("rkproxy.yaml") + ": tenants.alice.colour: unknown key"), problems);
    }

    @Test
    void allCategoryIsAcceptedAndAnUnknownOneIsNamed() throws Exception {
        TenantConfig alice = load(VALID.replace("read-only: false", "commands: {allow: ['@all']}"))
                .tenants().get("alice");
        assertEquals(AclCategory.ALL, alice.commands().allowCategories());
        List<String> problems = problems(VALID.replace("read-only: false", "commands: {allow: ['@everything']}"));
        assertTrue(problems.get(0).endsWith("tenants.alice.commands.allow: unknown category '@everything'"),
                problems.get(0));
    }

    @Test
    void aDedicatedPoolServesOneTenant() throws Exception {
        String dedicated = VALID.replace("nodes: [\"127.0.0.1:6379\"]", "nodes: [\"127.0.0.1:6379\"]\n    dedicated: true");
        assertTrue(load(dedicated).pools().get("cache").dedicated());
        List<String> problems = problems(dedicated + "  bob: {password: b, pool: cache, db: 6}\n");
        assertEquals(List.of(dir.resolve("rkproxy.yaml")
                + ": pools.cache.dedicated: a dedicated pool serves one tenant, but alice, bob name it"), problems);
    }

    @Test
    void aDedicatedPoolsRedisIsNamedByNoOtherPool() throws Exception {
        String dedicated = VALID.replace("nodes: [\"127.0.0.1:6379\"]", "nodes: [\"127.0.0.1:6379\"]\n    dedicated: true");
        String elsewhere = "  other: {type: redis, nodes: [\"127.0.0.1:6390\"]}\ntenants:";
        assertTrue(load(dedicated.replace("tenants:", elsewhere)).pools().get("cache").dedicated());
        List<String> problems = problems(dedicated.replace("tenants:", elsewhere.replace("6390", "6379")));
        assertEquals(List.of(dir.resolve("rkproxy.yaml") + ": pools.cache.dedicated: a dedicated pool has its nodes "
                + "to itself, but pool 'other' names 127.0.0.1:6379 too"), problems);
    }

    @Test
    void missingPoolIsReported() {
        List<String> problems = problems(VALID.replace("pool: cache", "pool: nowhere"));
        assertTrue(problems.get(0).endsWith("tenants.alice.pool: no redis pool named 'nowhere' (redis pools: cache)"),
                problems.toString());
    }

    @Test
    void duplicatePasswordIsReportedEvenWhenOneIsHashed() {
        String yaml = VALID + """
                  bob:
                    password-sha256: %s
                    pool: cache
                """.formatted(PasswordHash.ofPlain("alice-secret").hex());
        List<String> problems = problems(yaml);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("tenants.bob.password: same password as tenant 'alice'"), problems.get(0));
    }

    @Test
    void badAddressIsReported() {
        List<String> problems = problems(VALID.replace("127.0.0.1:6379", "localhost"));
        assertTrue(problems.get(0).endsWith("pools.cache.nodes: bad address 'localhost' (expected host:port)"),
                problems.toString());
    }

    @Test
    void dbOutOfRangeIsCheckedAgainstTheBackendsCount() {
        PoolProbe eightDbs = pool -> OptionalInt.of(8);
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(VALID.replace("db: 5", "db: 9"), eightDbs));
        assertTrue(e.problems().get(0).endsWith(
                "tenants.alice.db: 9 is out of range 0..7 (pool 'cache' has 8 databases)"), e.getMessage());
    }

    @Test
    void dbOutOfRangeAssumesSixteenWhenTheBackendIsUnreachable() {
        List<String> problems = problems(VALID.replace("db: 5", "db: 16"));
        assertTrue(problems.get(0).endsWith("16 is out of range 0..15 (pool 'cache' has 16 databases)"),
                problems.toString());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = """
                server:
                  port: 99999
                  colour: red
                pools:
                  cache:
                    type: memcached
                    nodes: ["nohost"]
                tenants:
                  alice:
                    pool: cache
                    db: many
                """;
        List<String> problems = problems(yaml);
        assertEquals(6, problems.size(), String.join("\n", problems));
    }

    @Test
    void outputBufferLimitsAreCheckedAgainstEachOtherAndAgainstMaxBulkBytes() {
        List<String> problems = problems(VALID.replace("port: 6380", """
                port: 6380
                  max-bulk-bytes: 8388608
                  client-output-buffer-hard-bytes: 8388608
                  client-output-buffer-soft-bytes: 65536
                  pubsub-output-buffer-hard-bytes: 1048576"""));
        assertEquals(List.of(
                        "server.client-output-buffer-soft-bytes: 65536 is out of range 1048576..2147483647",
                        "server.pubsub-output-buffer-soft-bytes: 8388608 is above pubsub-output-buffer-hard-bytes "
                                + "(1048576)",
                        "server.client-output-buffer-hard-bytes: 8388608 must be at least twice max-bulk-bytes "
                                + "(8388608): room for the reply to the largest value a client may write, and as much "
                                + "again of other replies"),
                problems.stream().map(p -> p.substring(p.indexOf(": ") + 2)).toList());
    }

    @Test
    void notYamlIsReportedWithTheFile() {
        List<String> problems = problems("server: [unclosed");
        assertTrue(problems.get(0).startsWith(dir.resolve("rkproxy.yaml") + ": not valid YAML"), problems.get(0));
    }

    @Test
    void tenantWithoutPasswordIsRefusedUnlessItIsTheDefaultTenant() throws Exception {
        List<String> problems = problems(VALID.replace("    password: alice-secret\n", ""));
        assertTrue(problems.get(0).endsWith("tenants.alice.password: is required (only the tenant named 'default', "
                + "or one with a tls-identity, may have none)"), problems.toString());
        ProxyConfig config = load(VALID + "  default:\n    pool: cache\n    db: 0\n");
        assertTrue(config.openDefaultTenant().isPresent());
    }

    @Test
    void autoDbIsStableWhenOtherTenantsComeAndGo() throws Exception {
        String two = VALID + """
                  bob: {password: b, pool: cache, db: auto}
                  carol: {password: c, pool: cache, db: auto}
                """;
        ProxyConfig first = load(two);
        int bob = first.tenants().get("bob").db();
        int carol = first.tenants().get("carol").db();
        assertEquals(1, bob, "automatic choices start above db 0 and skip explicit ones");
        assertEquals(2, carol);

        String withoutBob = VALID + """
                  aaron: {password: a, pool: cache, db: auto}
                  carol: {password: c, pool: cache, db: auto}
                """;
        ProxyConfig second = load(withoutBob);
        assertEquals(carol, second.tenants().get("carol").db(), "carol keeps her db");
        assertEquals(3, second.tenants().get("aaron").db(), "bob's old db stays reserved for his data");
        assertTrue(Files.readString(dir.resolve("rkproxy.state.yaml")).contains("carol: 2"));
    }

    @Test
    void autoDbFailsWhenThePoolIsFull() {
        PoolProbe twoDbs = pool -> OptionalInt.of(2);
        String yaml = VALID.replace("db: 5", "db: 1") + "  bob: {password: b, pool: cache, db: auto}\n";
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml, twoDbs));
        assertTrue(e.getMessage().contains("tenants.bob.db: no free db left on pool 'cache' (2 databases"),
                e.getMessage());
    }

    @Test
    void explicitDbsMayBeSharedOnPurpose() throws Exception {
        ProxyConfig config = load(VALID + "  reader: {password: r, pool: cache, db: 5, read-only: true}\n");
        assertEquals(5, config.tenants().get("reader").db());
    }

    static final String CLUSTER = """
            pools:
              cache:
                type: redis
                nodes: ["127.0.0.1:6379"]
              big:
                type: redis-cluster
                nodes: ["127.0.0.1:7001", "127.0.0.1:7002"]
                topology-refresh-ms: 5000
            tenants:
              alice:
                password: alice-secret
                pool: big
              bob:
                password: bob-secret
                pool: big
                key-prefix: "team-b/"
                flushdb: refuse
            """;

    @Test
    void clusterTenantsGetAKeyPrefixAndNoDb() throws Exception {
        ProxyConfig config = load(CLUSTER);
        assertEquals(PoolType.REDIS_CLUSTER, config.pools().get("big").type());
        assertEquals(java.time.Duration.ofSeconds(5), config.pools().get("big").topologyRefresh());
        assertEquals(2, config.pools().get("big").nodes().size());
        assertEquals("alice:", config.tenants().get("alice").keyPrefix());
        assertEquals("team-b/", config.tenants().get("bob").keyPrefix());
        assertEquals(TenantConfig.PrefixedFlush.REFUSE, config.tenants().get("bob").flushDb());
        assertEquals(0, config.tenants().get("alice").db());
        assertFalse(Files.exists(dir.resolve("rkproxy.state.yaml")), "no db is assigned on a cluster");
    }

    @Test
    void overlappingKeyPrefixesOnOneClusterAreRejected() {
        List<String> problems = problems(CLUSTER.replace("\"team-b/\"", "\"alice:b\""));
        assertTrue(problems.stream().anyMatch(p -> p.contains("tenants.bob.key-prefix")
                && p.contains("key prefixes must not overlap")), problems.toString());
        List<String> sole = problems(CLUSTER.replace("\"team-b/\"", "\"\""));
        assertTrue(sole.stream().anyMatch(p -> p.contains("key-prefix")), sole.toString());
    }

    @Test
    void dbAndKeyPrefixBelongToTheirPoolKinds() {
        List<String> problems = problems(CLUSTER
                .replace("    pool: big\n  bob:", "    pool: big\n    db: 3\n  bob:")
                .replace("    pool: big\n    key-prefix", "    pool: cache\n    key-prefix"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("tenants.alice.db") && p.contains("redis-cluster")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("tenants.bob.key-prefix")
                && p.contains("redis-cluster pools only")), problems.toString());
        assertTrue(problems(CLUSTER.replace("type: redis\n", "type: redis\n    topology-refresh-ms: 10\n"))
                .stream().anyMatch(p -> p.contains("pools.cache.topology-refresh-ms")));
        assertTrue(problems(CLUSTER.replace("flushdb: refuse", "flushdb: maybe")).stream()
                .anyMatch(p -> p.contains("tenants.bob.flushdb")));
    }

    static final String KAFKA = """
            server:
              port: 6380
            pools:
              cache:
                type: redis
                nodes: ["127.0.0.1:6379"]
              events:
                type: kafka
                bootstrap: "127.0.0.1:9092,127.0.0.1:9093"
                producer: {linger.ms: 10}
                consumer: {max.poll.records: 100}
            tenants:
              shop:
                password: shop-secret
                pool: cache
                kafka: events
                topics:
                  orders: [produce, consume]
                  audit: [produce]
                topic-prefix: "shop."
              feed:
                password: feed-secret
                kafka: events
                topics: {news: [consume]}
            """;

    @Test
    void kafkaPoolsAndGrantsFollowTheContractShape() throws Exception {
        ProxyConfig config = load(KAFKA);
        KafkaPoolConfig events = config.kafkaPools().get("events");
        assertEquals("127.0.0.1:9092,127.0.0.1:9093", events.bootstrapServers());
        assertEquals("10", events.producer().get("linger.ms"));
        assertFalse(config.pools().containsKey("events"));
        KafkaAccess shop = config.tenants().get("shop").kafka().orElseThrow();
        assertTrue(shop.may("orders", KafkaAccess.TopicRight.CONSUME));
        assertFalse(shop.may("audit", KafkaAccess.TopicRight.CONSUME));
        assertEquals("shop.orders", shop.kafkaTopic("orders"));
        assertEquals("shop.", shop.groupPrefix());
        assertFalse(shop.rafka(), "a tenant with a redis pool turns rafka on itself");
        TenantConfig feed = config.tenants().get("feed");
        assertFalse(feed.hasRedisPool());
        assertTrue(feed.kafka().orElseThrow().rafka(), "a kafka-only tenant is a rafka server");
    }

    @Test
    void aGrantEndingInAStarCoversEveryTopicItPrefixes() throws Exception {
        KafkaAccess shop = load(KAFKA.replace("audit: [produce]", "audit: [produce]\n      \"eu.*\": [consume]"))
                .tenants().get("shop").kafka().orElseThrow();
        assertTrue(shop.may("eu.orders", KafkaAccess.TopicRight.CONSUME));
        assertTrue(shop.may("eu.", KafkaAccess.TopicRight.CONSUME));
        assertFalse(shop.may("eu.orders", KafkaAccess.TopicRight.PRODUCE));
        assertFalse(shop.may("us.orders", KafkaAccess.TopicRight.CONSUME));
        assertFalse(shop.may("eu.*", KafkaAccess.TopicRight.CONSUME), "a star is no topic name");
        assertEquals(java.util.Optional.of("eu.stock"), shop.clientTopic("shop.eu.stock"));
        assertEquals(java.util.Optional.empty(), shop.clientTopic("shop.us.stock"));

        KafkaAccess everything = load(KAFKA.replace("topics: {news: [consume]}", "topics: {\"*\": [produce]}"))
                .tenants().get("feed").kafka().orElseThrow();
        assertTrue(everything.may("anything", KafkaAccess.TopicRight.PRODUCE));
    }

    @Test
    void aPrefixGrantMustNameAValidTopicPrefix() {
        List<String> problems = problems(KAFKA.replace("topics: {news: [consume]}",
                "topics: {\"bad prefix*\": [consume]}"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).endsWith("tenants.feed.topics.bad prefix*: 'bad prefix*' is not a valid Kafka"
                + " topic name prefix"), problems.toString());
    }

    @Test
    void consumerThreadsAndConnectionSendBytesHaveDefaultsAndBounds() throws Exception {
        KafkaPoolConfig defaults = load(KAFKA).kafkaPools().get("events");
        assertEquals(KafkaPoolConfig.DEFAULT_CONSUMER_THREADS, defaults.consumerThreads());
        assertEquals(0, defaults.connectionSendBytes(), "0: derived from the producer's buffer.memory");
        KafkaPoolConfig set = load(KAFKA.replace("consumer: {max.poll.records: 100}",
                "consumer: {max.poll.records: 100}\n    consumer-threads: 2\n    connection-send-bytes: 65536"))
                .kafkaPools().get("events");
        assertEquals(2, set.consumerThreads());
        assertEquals(65536, set.connectionSendBytes());

        List<String> problems = problems(KAFKA.replace("consumer: {max.poll.records: 100}",
                "consumer: {max.poll.records: 100}\n    consumer-threads: 0\n    connection-send-bytes: 100"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("pools.events.consumer-threads")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.endsWith("pools.events.connection-send-bytes: must be 0 (a "
                + "quarter of buffer.memory) or at least 1024")), problems.toString());
    }

    @Test
    void kafkaClientPropertiesAreWhitelisted() {
        List<String> problems = problems(KAFKA.replace("linger.ms: 10", "linger.ms: 10, interceptor.classes: x"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("pools.events.producer.interceptor.classes: is not a kafka-clients "
                + "property rkproxy lets you set here"), problems.toString());
    }

    @Test
    void kafkaReferencesAndGrantsAreChecked() {
        List<String> problems = problems(KAFKA
                .replace("kafka: events\n    topics:\n      orders", "kafka: cache\n    topics:\n      orders")
                .replace("audit: [produce]", "audit: [write]")
                .replace("topics: {news: [consume]}", "topics: {\"bad topic\": [consume]}"));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.endsWith("tenants.shop.kafka: 'cache' is a redis pool: "
                + "name it under 'pool:'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.endsWith("tenants.shop.topics.audit: unknown right 'write' "
                + "(use produce, consume)")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.endsWith("tenants.feed.topics.bad topic: 'bad topic' is not a "
                + "valid Kafka topic name")), problems.toString());
    }

    @Test
    void aTenantNeedsARedisPoolOrAKafkaPool() {
        List<String> problems = problems(KAFKA.replace("    kafka: events\n    topics: {news: [consume]}\n", ""));
        assertTrue(problems.get(0).endsWith("tenants.feed.pool: is required (a redis pool, or 'kafka:' naming a "
                + "kafka pool, or both)"), problems.toString());
    }

    @Test
    void consumerGroupPrefixesOfOnePoolMustNotOverlap() {
        List<String> problems = problems(KAFKA.replace("topics: {news: [consume]}",
                "topics: {news: [consume]}\n    group-prefix: \"shop.x\""));
        assertTrue(problems.get(0).endsWith("tenants.feed.group-prefix: 'shop.x' starts with tenant 'shop''s "
                + "group-prefix 'shop.'; consumer group prefixes must not overlap"), problems.toString());
    }

    static final String QUEUE = KAFKA.replace("    kafka: events\n    topics:\n      orders",
            "    queue: {partitions: 4, maxlen: 5000, visibility-timeout-ms: 2000}\n    topics:\n      orders");

    @Test
    void aStreamsQueueLivesInTheTenantsOwnPoolWithTheSameGrants() throws Exception {
        KafkaAccess shop = load(QUEUE).tenants().get("shop").kafka().orElseThrow();
        assertEquals(java.util.Optional.of(new StreamQueue("cache", 4, 5000, 2000)), shop.streams());
        assertTrue(shop.may("orders", KafkaAccess.TopicRight.CONSUME));
        assertFalse(shop.may("audit", KafkaAccess.TopicRight.CONSUME));
        assertFalse(shop.rafka(), "a queue's tenant has a redis pool: it turns rafka on itself");
        assertTrue(load(QUEUE.replace("2000}", "2000}\n    rafka: true")).tenants().get("shop").kafka()
                .orElseThrow().rafka());
        KafkaAccess defaults = load(QUEUE.replace("{partitions: 4, maxlen: 5000, visibility-timeout-ms: 2000}",
                "{pool: cache}")).tenants().get("shop").kafka().orElseThrow();
        assertEquals(new StreamQueue("cache", 1, 1_000_000, 30_000), defaults.streams().orElseThrow());
        assertTrue(load(KAFKA).tenants().get("shop").kafka().orElseThrow().streams().isEmpty());
    }

    @Test
    void aStreamsQueueIsCheckedAtTheEdge() {
        List<String> problems = problems(QUEUE
                .replace("partitions: 4, maxlen: 5000", "pool: events, partitions: 1025, maxlen: 0")
                .replace("    kafka: events\n    topics: {news: [consume]}",
                        "    kafka: events\n    queue: {}\n    topics: {news: [consume]}"));
        assertEquals(5, problems.size(), problems.toString());
        for (String expected : List.of(
                "tenants.shop.queue.pool: must be the tenant's own pool 'cache': the streams live in its keyspace, "
                        + "got 'events'",
                "tenants.shop.queue.partitions: 1025 is out of range 1..1024",
                "tenants.shop.queue.maxlen: 0 is out of range 1..2147483647",
                "tenants.feed.queue: needs the tenant's own redis pool ('pool:'): the streams live in its keyspace",
                "tenants.feed.queue: a tenant has one queue backend: 'kafka:' or 'queue:', not both")) {
            assertTrue(problems.stream().anyMatch(p -> p.endsWith(expected)), expected + " in " + problems);
        }
    }
}
