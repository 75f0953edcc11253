package io.rkproxy.core.backend;

import io.rkproxy.core.command.CommandTable;

/**
 * What a backend said about itself when the pool first reached it: its commands and its Redis version, and whether
 * tenants' commands run as a backend ACL user that confines them to their own data, their db on a standalone Redis
 * or their key prefix on a cluster (which is what makes scripts safe: a script may otherwise SELECT another
 * tenant's db, or name another tenant's keys).
 */
public record BackendMetadata(CommandTable commands, String version, boolean tenantsConfined) {
}
