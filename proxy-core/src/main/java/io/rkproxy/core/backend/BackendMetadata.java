package io.rkproxy.core.backend;

import io.rkproxy.core.command.CommandTable;

/**
 * What a backend said about itself when the pool first reached it: its commands and its Redis version, and whether
 * tenants' commands run as a backend ACL user that cannot leave the selected db (which is what makes scripts safe:
 * a script may otherwise SELECT another tenant's db).
 */
public record BackendMetadata(CommandTable commands, String version, boolean tenantsConfinedToDb) {
}
