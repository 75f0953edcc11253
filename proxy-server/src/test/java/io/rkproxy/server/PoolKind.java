package io.rkproxy.server;

/** The two kinds of Redis pool a tenant can be on, as the probe's summary names them. */
enum PoolKind {
    STANDALONE("standalone"),
    CLUSTER("cluster");

    private final String label;

    PoolKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
