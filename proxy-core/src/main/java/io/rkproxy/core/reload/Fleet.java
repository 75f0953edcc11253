package io.rkproxy.core.reload;

import java.util.List;

/** The proxy nodes serving this config: from ZooKeeper's membership znodes, or just this node. */
public interface Fleet {

    List<FleetMember> members();

    /** Tells the other nodes where this node's console is, once it listens; a fleet of one has none to tell. */
    default void announceConsole(String address) {
    }

    /** A fleet of one, for the file source. */
    static Fleet of(FleetMember self) {
        return () -> List.of(self);
    }
}
