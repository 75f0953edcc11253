package io.rkproxy.core.command;

import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * One of a command's key specs from Redis 7's {@code COMMAND} reply: where the search for keys begins (an argument
 * index, or the argument after a keyword) and how the keys are found from there (a range, or a count given by an
 * argument). Evaluated as Redis's own {@code getKeysUsingKeySpecs} does.
 */
public record KeySpec(
        boolean beginsAtKeyword,
        int index,
        String keyword,
        int startFrom,
        boolean keyCountInArgument,
        int lastKey,
        int keyStep,
        int limit,
        int keyNumIndex,
        int firstKey) {

    /** Reports the argument index of every key this spec finds in {@code command}. */
    public void forEachKey(RespCommand command, IntConsumer keyIndex) {
        int argc = command.argCount();
        int first = beginsAtKeyword ? afterKeyword(command) : index;
        if (first <= 0 || first >= argc) {
            return;
        }
        int last;
        int step = Math.max(1, keyStep);
        if (keyCountInArgument) {
            int numIndex = first + keyNumIndex;
            if (numIndex >= argc) {
                return;
            }
            long count;
            try {
                count = Long.parseLong(command.argString(numIndex));
            } catch (NumberFormatException e) {
                return;
            }
            first = first + firstKey;
            if (count <= 0 || first + count - 1 >= argc) {
                // a count the arguments do not hold: Redis then finds no keys and leaves the error to the command
                return;
            }
            last = first + (int) count - 1;
        } else if (lastKey >= 0) {
            last = first + lastKey;
        } else if (limit <= 1) {
            last = argc + lastKey;
        } else {
            last = first + ((argc - first) / limit + lastKey);
        }
        for (int i = first; i <= last && i < argc; i += step) {
            keyIndex.accept(i);
        }
    }

    private int afterKeyword(RespCommand command) {
        int argc = command.argCount();
        if (startFrom >= 0) {
            for (int i = startFrom; i < argc; i++) {
                if (command.argEqualsIgnoreCase(i, keyword)) {
                    return i + 1;
                }
            }
        } else {
            for (int i = argc + startFrom; i > 0; i--) {
                if (command.argEqualsIgnoreCase(i, keyword)) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** Parses one key spec of a COMMAND entry (a flattened map); null for kinds this proxy does not know. */
    static KeySpec parse(RespValue spec) {
        Map<String, RespValue> fields = spec.fields();
        Map<String, RespValue> begin = fields.get("begin_search").fields();
        Map<String, RespValue> find = fields.get("find_keys").fields();
        String beginType = begin.get("type").asText();
        String findType = find.get("type").asText();
        if (!(beginType.equals("index") || beginType.equals("keyword"))
                || !(findType.equals("range") || findType.equals("keynum"))) {
            return null;
        }
        Map<String, RespValue> b = begin.get("spec").fields();
        Map<String, RespValue> f = find.get("spec").fields();
        boolean keyword = beginType.equals("keyword");
        boolean keynum = findType.equals("keynum");
        return new KeySpec(keyword,
                keyword ? 0 : (int) b.get("index").asLong(),
                keyword ? b.get("keyword").asText() : null,
                keyword ? (int) b.get("startfrom").asLong() : 0,
                keynum,
                keynum ? 0 : (int) f.get("lastkey").asLong(),
                (int) f.get("keystep").asLong(),
                keynum ? 0 : (int) f.get("limit").asLong(),
                keynum ? (int) f.get("keynumidx").asLong() : 0,
                keynum ? (int) f.get("firstkey").asLong() : 0);
    }

}
