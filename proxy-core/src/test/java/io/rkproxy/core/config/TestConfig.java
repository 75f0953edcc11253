package io.rkproxy.core.config;

import java.util.List;

/** Configs for tests: YAML text loaded as the proxy loads its file, with no backend to probe and no state file. */
public final class TestConfig {

    private static final DbAssignmentStore NO_STATE = new DbAssignmentStore() {
        @Override
        public DbAssignments load() {
            return DbAssignments.EMPTY;
        }

        @Override
        public void save(DbAssignments assignments) {
        }
    };

    private TestConfig() {
    }

    public static ProxyConfig load(String yaml) {
        try {
            return new ConfigLoader(PoolProbe.OFFLINE).load("test", yaml, NO_STATE);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("not a valid config: " + e.problems(), e);
        }
    }

    /** What the load of {@code yaml} finds wrong; fails when it finds nothing. */
    public static List<String> problems(String yaml) {
        try {
            new ConfigLoader(PoolProbe.OFFLINE).load("test", yaml, NO_STATE);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("a valid config: " + yaml);
    }
}
