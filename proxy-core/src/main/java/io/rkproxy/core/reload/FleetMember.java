package io.rkproxy.core.reload;

/** One rkproxy node of the fleet, as it registered itself. */
public record FleetMember(String id, String address, String version, long startedAtMillis) {
}
