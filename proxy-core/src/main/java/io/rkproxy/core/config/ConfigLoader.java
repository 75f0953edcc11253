package io.rkproxy.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a YAML config and validates it whole: every key, every cross reference, and each db against what the live
 * backend says it has. Either a clean {@link ProxyConfig} comes out, or a {@link ConfigException} listing every
 * problem.
 */
public final class ConfigLoader {

    static final int REDIS_DEFAULT_DATABASES = 16;
    static final String POOLS = "pools";
    static final String TENANTS = "tenants";

    private final PoolProbe probe;

    public ConfigLoader(PoolProbe probe) {
        this.probe = probe;
    }

    /** Loads a file, keeping {@code db: auto} assignments in the state file beside it. */
    public ProxyConfig load(Path file) throws ConfigException {
        return load(file.toString(), readText(file), FileDbAssignmentStore.besides(file));
    }

    static String readText(Path file) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    public ProxyConfig load(String source, String yaml, DbAssignmentStore store) throws ConfigException {
        return load(source, parse(source, yaml), store);
    }

    /** Parses YAML text into the document {@link #load(String, Object, DbAssignmentStore)} takes. */
    public static Object parse(String source, String yaml) throws ConfigException {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
    }

    /**
     * Validates a parsed document whole: a source that assembles its document from parts (ZooKeeper's znodes)
     * gets the same checks as a file.
     */
    public ProxyConfig load(String source, Object document, DbAssignmentStore store) throws ConfigException {
        List<String> problems = new ArrayList<>();
        ConfigNode root = ConfigNode.root(source, document, problems);
        NodeSections sections = NodeSections.read(root);
        Entries entries = readEntries(root);
        root.rejectUnknownKeys();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, PoolConfig> pools = entries.pools();
        Map<String, TenantConfig> tenants = entries.tenants();
        DbAssignments stored;
        try {
            stored = store.load();
        } catch (IOException e) {
            throw new ConfigException(e.getMessage());
        }
        DbResolver resolver = new DbResolver(root, stored);
        Map<String, TenantConfig> resolved = resolver.resolve(tenants, pools, this::databases);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        if (!resolver.assignments().equals(stored)) {
            try {
                store.save(resolver.assignments());
            } catch (IOException e) {
                throw new ConfigException(source + ": cannot store db assignments: " + e.getMessage());
            }
        }
        return new ProxyConfig(source, sections.server(), sections.admin(), sections.source(), pools,
                entries.kafkaPools(), resolved);
    }

    /** The pools and tenants of a document, each read, and every reference and overlap between them checked. */
    record Entries(Map<String, PoolConfig> pools, Map<String, KafkaPoolConfig> kafkaPools,
                   Map<String, TenantConfig> tenants) {
    }

    static Entries readEntries(ConfigNode root) {
        Map<String, PoolConfig> pools = new LinkedHashMap<>();
        Map<String, KafkaPoolConfig> kafkaPools = new LinkedHashMap<>();
        readPools(root.child(POOLS), pools, kafkaPools);
        Map<String, TenantConfig> tenants = readTenants(root.child(TENANTS), pools);
        checkPoolReferences(root, tenants, pools, kafkaPools);
        checkDistinctPasswords(root, tenants);
        checkDistinctTlsIdentities(root, tenants);
        checkDisjoint(root, tenants.values(), TenantConfig::channelPrefix, "channel-prefix", "channel");
        pools.values().stream().filter(p -> p.type() == PoolType.REDIS_CLUSTER).forEach(p -> checkDisjoint(root,
                tenants.values().stream().filter(t -> p.name().equals(t.pool())).toList(),
                TenantConfig::keyPrefix, "key-prefix", "key"));
        kafkaPools.keySet().forEach(pool -> checkDisjoint(root, tenants.values().stream()
                        .filter(t -> t.kafka().map(k -> k.pool().equals(pool)).orElse(false)).toList(),
                t -> t.kafka().get().groupPrefix(), "group-prefix", "consumer group"));
        return new Entries(pools, kafkaPools, tenants);
    }

    private int databases(PoolConfig pool) {
        return probe.databases(pool).orElse(REDIS_DEFAULT_DATABASES);
    }

    private static void readPools(ConfigNode node, Map<String, PoolConfig> pools,
                                  Map<String, KafkaPoolConfig> kafkaPools) {
        for (String name : node.keys()) {
            ConfigNode entry = node.child(name);
            if (PoolType.KAFKA.key().equals(entry.string("type", null))) {
                kafkaPools.put(name, KafkaPoolConfig.read(name, entry));
            } else {
                pools.put(name, PoolConfig.read(name, entry));
            }
        }
    }

    private static Map<String, TenantConfig> readTenants(ConfigNode node, Map<String, PoolConfig> pools) {
        Map<String, TenantConfig> tenants = new LinkedHashMap<>();
        for (String name : node.keys()) {
            if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ')) {
                node.problem(name, "a tenant name must not be blank or contain spaces");
            }
            ConfigNode entry = node.child(name);
            Optional<PoolType> poolType = Optional.ofNullable(pools.get(entry.string("pool", null)))
                    .map(PoolConfig::type);
            tenants.put(name, TenantConfig.read(name, entry, poolType));
        }
        return tenants;
    }

    private static void checkPoolReferences(ConfigNode root, Map<String, TenantConfig> tenants,
                                            Map<String, PoolConfig> pools, Map<String, KafkaPoolConfig> kafkaPools) {
        for (TenantConfig t : tenants.values()) {
            if (t.hasRedisPool() && !pools.containsKey(t.pool())) {
                root.problem("tenants." + t.name() + ".pool", kafkaPools.containsKey(t.pool())
                        ? "'" + t.pool() + "' is a kafka pool: name it under 'kafka:'"
                        : "no redis pool named '" + t.pool() + "' (redis pools: " + names(pools) + ")");
            }
            t.kafka().filter(k -> k.streams().isEmpty()).map(KafkaAccess::pool)
                    .filter(k -> !kafkaPools.containsKey(k)).ifPresent(k ->
                    root.problem("tenants." + t.name() + ".kafka", pools.containsKey(k)
                            ? "'" + k + "' is a redis pool: name it under 'pool:'"
                            : "no kafka pool named '" + k + "' (kafka pools: " + names(kafkaPools) + ")"));
        }
        checkDedicated(root, tenants, pools);
    }

    /** A dedicated pool serves one tenant, and no other pool reaches its Redis under another name. */
    private static void checkDedicated(ConfigNode root, Map<String, TenantConfig> tenants,
                                       Map<String, PoolConfig> pools) {
        Collection<PoolConfig> sorted = new TreeMap<>(pools).values();
        for (PoolConfig p : sorted) {
            if (!p.dedicated()) {
                continue;
            }
            List<String> users = tenants.values().stream().filter(t -> p.name().equals(t.pool()))
                    .map(TenantConfig::name).sorted().toList();
            if (users.size() > 1) {
                root.problem("pools." + p.name() + ".dedicated", "a dedicated pool serves one tenant, but "
                        + String.join(", ", users) + " name it");
            }
            for (PoolConfig other : sorted) {
                List<String> shared = other.nodes().stream().filter(p.nodes()::contains).map(Address::toString)
                        .toList();
                if (other != p && !shared.isEmpty()) {
                    root.problem("pools." + p.name() + ".dedicated", "a dedicated pool has its nodes to itself, "
                            + "but pool '" + other.name() + "' names " + String.join(", ", shared) + " too");
                }
            }
        }
    }

    private static String names(Map<String, ?> pools) {
        return String.join(", ", new TreeMap<>(pools).keySet());
    }

    /**
     * No prefix may start another: tenant "a:" could otherwise name "b:x" and reach tenant "a:b"'s "x". An empty
     * prefix starts every other, so a tenant with none must be alone.
     */
    private static void checkDisjoint(ConfigNode root, Collection<TenantConfig> tenants,
                                      Function<TenantConfig, String> prefixOf, String key, String what) {
        List<TenantConfig> sorted = tenants.stream().sorted(Comparator.comparing(TenantConfig::name)).toList();
        for (TenantConfig t : sorted) {
            for (TenantConfig other : sorted) {
                String mine = prefixOf.apply(t);
                String theirs = prefixOf.apply(other);
                if (t != other && theirs.startsWith(mine)
                        && (!mine.equals(theirs) || t.name().compareTo(other.name()) < 0)) {
                    root.problem("tenants." + other.name() + "." + key, "'" + theirs + "' starts with tenant '"
                            + t.name() + "''s " + key + " '" + mine + "'; " + what + " prefixes must not overlap");
                }
            }
        }
    }

    /** A client certificate's identity must name one tenant. */
    private static void checkDistinctTlsIdentities(ConfigNode root, Map<String, TenantConfig> tenants) {
        Map<String, String> owners = new HashMap<>();
        tenants.values().stream().sorted(Comparator.comparing(TenantConfig::name)).forEach(t -> {
            for (String identity : t.tlsIdentities()) {
                String other = owners.putIfAbsent(identity, t.name());
                if (other != null) {
                    root.problem("tenants." + t.name() + "." + TlsIdentities.KEY, "'" + identity
                            + "' is tenant '" + other + "''s too; a client certificate must identify one tenant");
                }
            }
        });
    }

    /** Every password of every tenant must name one tenant, rotation's second passwords included. */
    private static void checkDistinctPasswords(ConfigNode root, Map<String, TenantConfig> tenants) {
        Map<PasswordHash, String> owners = new HashMap<>();
        for (TenantConfig t : tenants.values()) {
            Set<String> sharedWith = new TreeSet<>();
            for (PasswordHash password : t.credentials().hashes()) {
                String other = owners.putIfAbsent(password, t.name());
                if (other != null) {
                    sharedWith.add(other);
                }
            }
            for (String other : sharedWith) {
                root.problem("tenants." + t.name() + ".password",
                        "same password as tenant '" + other + "'; AUTH <password> must identify one tenant");
            }
        }
    }
}
