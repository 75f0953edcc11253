package io.rkproxy.core.reload;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one config load.
 *
 * @param trigger    what asked for it: {@code startup}, {@code watch}, {@code console}, {@code PROXY RELOAD}
 * @param accepted   whether it is now in force; a rejected load leaves the last good config serving
 * @param problems   why it was rejected, or what of an accepted one waits for a restart
 * @param generation the number of accepted loads so far, this one included
 */
public record ConfigLoadStatus(Instant at, String source, String trigger, boolean accepted, List<String> problems,
                               long generation) {

    public ConfigLoadStatus {
        problems = List.copyOf(problems);
    }
}
