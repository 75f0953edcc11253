package io.rkproxy.core.config;

import java.io.IOException;

/** Where {@code db: auto} assignments are kept between loads, so they never move. */
public interface DbAssignmentStore {

    DbAssignments load() throws IOException;

    void save(DbAssignments assignments) throws IOException;
}
