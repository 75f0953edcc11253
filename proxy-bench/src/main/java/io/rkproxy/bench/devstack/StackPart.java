package io.rkproxy.bench.devstack;

/** One running part of the stack: a server, or a group of them, that devstack started and stops. */
interface StackPart extends AutoCloseable {

    /** What runs where, for the operator: "ZooKeeper on 127.0.0.1:2181". */
    String description();

    /** Adds this part's pool and tenant, or its block of the {@code config} section, to the config printed. */
    void addTo(ConfigSnippet config);

    /** Stops the part and waits until it has stopped. */
    @Override
    void close();
}
