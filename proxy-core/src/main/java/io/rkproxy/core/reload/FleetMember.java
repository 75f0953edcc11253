package io.rkproxy.core.reload;

/**
 * One rkproxy node of the fleet, as it registered itself.
 *
 * @param console where its HTTP console is reached, {@code host:port}; {@code ""} without one, or before it said
 */
public record FleetMember(String id, String address, String version, long startedAtMillis, String console) {

    public FleetMember(String id, String address, String version, long startedAtMillis) {
        this(id, address, version, startedAtMillis, "");
    }

    public FleetMember withConsole(String console) {
        return new FleetMember(id, address, version, startedAtMillis, console);
    }
}
