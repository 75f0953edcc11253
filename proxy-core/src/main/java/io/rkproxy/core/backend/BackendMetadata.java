package io.rkproxy.core.backend;

import io.rkproxy.core.command.CommandTable;

/** What a backend said about itself when the pool first reached it: its commands and its Redis version. */
public record BackendMetadata(CommandTable commands, String version) {
}
