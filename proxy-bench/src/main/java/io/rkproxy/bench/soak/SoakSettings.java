package io.rkproxy.bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long the soak runs, how often it samples, and where its samples go. */
record SoakSettings(Duration duration, Duration interval, Path root, Path csv) {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** Six samples at least, so the second half has a start and an end of three each. */
    static final Duration SHORTEST = Duration.ofMinutes(1);
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smh]?)");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /** From the one argument, a duration; the CSV goes to bench-results/ under root. */
    static SoakSettings of(String[] args, Path root, Instant now) {
        if (args.length != 1) {
            throw new IllegalArgumentException("one argument expected, the duration");
        }
        Duration duration = parseDuration(args[0]);
        if (duration.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("the soak needs at least " + SHORTEST.toSeconds() + " s");
        }
        return new SoakSettings(duration, INTERVAL, root,
                root.resolve("bench-results").resolve("soak-" + FILE_TIME.format(now) + ".csv"));
    }

    /** 90s, 30m, 2h; a bare number is seconds. */
    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (say 30m, 2h or 90s)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
