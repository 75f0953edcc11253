package io.rkproxy.admin;

import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.command.AclCategory;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.KafkaPoolConfig;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.TenantConfig;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** {@code /api/config}'s view (see {@link ApiViews}): the pools and tenants in force, without a secret. */
final class ConfigViews {

    private ConfigViews() {
    }

    /** The config source, its last load and last accepted one, and the pools and tenants in force. */
    record Config(String source, ApiViews.Load lastLoad, ApiViews.Load lastAccepted, List<RedisPool> pools,
                  List<KafkaPool> kafkaPools, List<Tenant> tenants) {
    }

    /** @param username the backend user the pool logs in as, or null for the default user */
    record RedisPool(String name, String type, List<String> nodes, String username, int connectionsPerNode,
                     long connectTimeoutMs, long responseTimeoutMs, long maxReconnectBackoffMs,
                     String tenantAclUser) {
    }

    record KafkaPool(String name, List<String> bootstrap, long requestTimeoutMs, long metadataRefreshMs,
                     long commitIntervalMs, long kpopIdleMs, int kpopPrefetch) {
    }

    /**
     * @param pool  the Redis pool, or null for a Kafka-only tenant
     * @param db    the backend db in force, auto-assigned or not
     * @param kafka its Kafka pool and grants, or null
     */
    record Tenant(String name, boolean hasPassword, String pool, int db, String dbSetting, String keyPrefix,
                  String channelPrefix, boolean readOnly, boolean admin, int maxConnections, int maxOpsPerSecond,
                  int maxRequestBytes, int maxPinnedConnections, Commands commands, KafkaGrants kafka) {
    }

    /** Command names and {@code @category} names. */
    record Commands(Set<String> allow, Set<String> deny) {
    }

    record KafkaGrants(String pool, Map<String, List<String>> topics, String topicPrefix, String groupPrefix,
                       boolean rafka) {
    }

    static Config of(ProxyAdmin admin) {
        ProxyConfig config = admin.runtime().snapshot().config();
        return new Config(admin.configSource(), ApiViews.load(admin.lastLoad()),
                ApiViews.load(admin.lastAccepted()),
                sorted(config.pools().values(), PoolConfig::name, ConfigViews::redisPool),
                sorted(config.kafkaPools().values(), KafkaPoolConfig::name, ConfigViews::kafkaPool),
                sorted(config.tenants().values(), TenantConfig::name, ConfigViews::tenant));
    }

    private static <T, V> List<V> sorted(Collection<T> items, Function<T, String> name, Function<T, V> view) {
        return items.stream().sorted(Comparator.comparing(name)).map(view).toList();
    }

    private static RedisPool redisPool(PoolConfig p) {
        return new RedisPool(p.name(), p.type().key(), addresses(p.nodes()), p.username().orElse(null),
                p.connectionsPerNode(), p.connectTimeout().toMillis(), p.responseTimeout().toMillis(),
                p.maxReconnectBackoff().toMillis(), p.tenantAclUser().orElse(null));
    }

    private static KafkaPool kafkaPool(KafkaPoolConfig p) {
        return new KafkaPool(p.name(), addresses(p.bootstrap()), p.requestTimeout().toMillis(),
                p.metadataRefresh().toMillis(), p.commitInterval().toMillis(), p.kpopIdle().toMillis(),
                p.kpopPrefetch());
    }

    private static List<String> addresses(List<Address> addresses) {
        return addresses.stream().map(Address::toString).toList();
    }

    private static Tenant tenant(TenantConfig t) {
        return new Tenant(t.name(), !t.credentials().isEmpty(), t.pool(), t.db(), t.dbSetting().toString(),
                t.keyPrefix(), t.channelPrefix(), t.readOnly(), t.admin(), t.maxConnections(), t.maxOpsPerSecond(),
                t.maxRequestBytes(), t.maxPinnedConnections(),
                new Commands(rules(t.commands().allowNames(), t.commands().allowCategories()),
                        rules(t.commands().denyNames(), t.commands().denyCategories())),
                t.kafka().map(ConfigViews::grants).orElse(null));
    }

    private static Set<String> rules(Set<String> names, long categories) {
        Set<String> out = new TreeSet<>(names);
        if (categories == AclCategory.ALL) {
            out.add("@all");
            return out;
        }
        for (AclCategory c : AclCategory.values()) {
            if ((categories & c.bit()) != 0) {
                out.add("@" + c.name().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static KafkaGrants grants(KafkaAccess k) {
        Map<String, List<String>> topics = new TreeMap<>();
        k.topics().forEach((topic, rights) -> topics.put(topic,
                rights.stream().map(KafkaAccess.TopicRight::key).sorted().toList()));
        return new KafkaGrants(k.pool(), topics, k.topicPrefix(), k.groupPrefix(), k.rafka());
    }
}
