package io.rkproxy.bench.devstack;

/** A Kafka topic for the stack's broker to create: {@code NAME[:PARTITIONS]}, one partition when none is given. */
record Topic(String name, int partitions) {

    static Topic parse(String text) {
        int colon = text.lastIndexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new UsageException("bad topic name in " + text + " (letters, digits, '.', '_' and '-')");
        }
        if (colon < 0) {
            return new Topic(name, 1);
        }
        try {
            int partitions = Integer.parseInt(text.substring(colon + 1));
            if (partitions >= 1) {
                return new Topic(name, partitions);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad partition count in " + text + " (a whole number, at least 1)");
    }
}
