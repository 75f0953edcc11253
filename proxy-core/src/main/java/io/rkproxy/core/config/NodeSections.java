package io.rkproxy.core.config;

/** The sections a node always takes from its own file, whatever the source of its pools and tenants. */
record NodeSections(ServerConfig server, AdminConfig admin, SourceConfig source) {

    static NodeSections read(ConfigNode root) {
        return new NodeSections(ServerConfig.read(root.child("server")), AdminConfig.read(root),
                SourceConfig.read(root));
    }
}
