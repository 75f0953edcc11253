package io.rkproxy.core.config;

import java.util.OptionalInt;

/** A tenant's {@code db:} key as written: an explicit index, or {@code auto}. */
public record DbSetting(OptionalInt explicit) {

    public static final DbSetting AUTO = new DbSetting(OptionalInt.empty());

    public static DbSetting of(int db) {
        return new DbSetting(OptionalInt.of(db));
    }

    public boolean isAuto() {
        return explicit.isEmpty();
    }

    @Override
    public String toString() {
        return isAuto() ? "auto" : Integer.toString(explicit.getAsInt());
    }
}
