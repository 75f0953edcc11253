package io.rkproxy.core.config;

/**
 * The db assignments in force, for a load that only validates: a new {@code db: auto} choice is made but not kept,
 * since the proxies make and keep it when they load.
 */
public record ReadOnlyAssignments(DbAssignments assignments) implements DbAssignmentStore {

    @Override
    public DbAssignments load() {
        return assignments;
    }

    @Override
    public void save(DbAssignments ignored) {
    }
}
