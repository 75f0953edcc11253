package io.rkproxy.server;

/** The version in the jar's manifest, or "dev" when running from classes. */
final class Version {

    private Version() {
    }

    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
