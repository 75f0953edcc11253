package io.rkproxy.core.reload;

import io.rkproxy.core.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Changes one tenant where the config comes from: the file or its znode. A change is validated first, with the
 * whole config it makes, as a load validates; then written on condition that the source did not change since it
 * was read. Nothing is written when either fails. The write is not a load: the caller reloads, or the source's
 * watch does.
 */
public interface TenantEditor {

    /** The tenants as the source holds them now: each its parsed YAML entry, by name. */
    Map<String, Object> entries() throws ConfigException;

    /**
     * Applies {@code change} to tenant {@code name}'s entry (given null when there is none; returning null deletes
     * the tenant), validates and writes the result.
     *
     * @throws ConfigException the config the change makes is invalid, or the source cannot be read or written
     * @throws EditConflict    the source changed between the read and the write
     */
    TenantEdit edit(String name, Change change) throws ConfigException, EditConflict;

    /** The node's local config file, beside which the console keeps its audit log. */
    Path localFile();

    /** A change to one tenant's entry: the entry after, given the one before; null for either means none. */
    @FunctionalInterface
    interface Change {

        /** @throws ConfigException the change cannot be made to this entry; nothing is written */
        Object apply(Object before) throws ConfigException;
    }

    /** What an edit did: the entry before and after, either null for none. */
    record TenantEdit(String name, Object before, Object after) {
    }

    /** The source changed while an edit was being made; nothing was written. */
    final class EditConflict extends Exception {

        public EditConflict(String message) {
            super(message);
        }
    }
}
