package io.rkproxy.core.command;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GEORADIUS and GEORADIUSBYMEMBER for a tenant whose keys share a cluster with other tenants'. Redis writes to the
 * last of repeated STORE or STOREDIST options, while Redis before 7.2.16 checks only the first against the user's
 * key patterns (redis/redis#15478), so a script could write any key of its node. Such a tenant's ACL user may not
 * run the two commands at all, and a client's are sent as the commands that do the same with one destination, which
 * key specs and ACLs see whole: GEOSEARCHSTORE when they store, the {@code _RO} forms otherwise. The options are
 * read as Redis reads them, the last STORE or STOREDIST winning.
 */
public final class GeoRadiusRewrite {

    private GeoRadiusRewrite() {
    }

    public static boolean applies(RespCommand command) {
        return command.name().equals("georadius") || command.name().equals("georadiusbymember");
    }

    /** The command to send instead (owned by the caller), or the error Redis would have replied with. */
    public static CommandRewrite rewrite(RespCommand command) {
        boolean byMember = command.name().equals("georadiusbymember");
        int firstOption = byMember ? 5 : 6;
        if (command.argCount() < firstOption) {
            return CommandRewrite.error(RespErrors.wrongArgs(command.name()));
        }
        byte[] store = null;
        boolean storeDist = false;
        boolean withFields = false;
        byte[] order = null;
        byte[] count = null;
        boolean any = false;
        for (int i = firstOption; i < command.argCount(); i++) {
            boolean more = i + 1 < command.argCount();
            if (isAny(command, i, "withdist", "withhash", "withcoord")) {
                withFields = true;
            } else if (isAny(command, i, "asc", "desc")) {
                order = command.argBytes(i);
            } else if (isAny(command, i, "any")) {
                any = true;
            } else if (isAny(command, i, "count") && more) {
                count = command.argBytes(++i);
            } else if (isAny(command, i, "store", "storedist") && more) {
                storeDist = command.argEqualsIgnoreCase(i, "storedist");
                store = command.argBytes(++i);
            } else {
                return CommandRewrite.error(RespErrors.syntax());
            }
        }
        if (store == null) {
            byte[][] args = new byte[command.argCount()][];
            args[0] = (command.name() + "_ro").getBytes(StandardCharsets.US_ASCII);
            for (int i = 1; i < args.length; i++) {
                args[i] = command.argBytes(i);
            }
            return CommandRewrite.to(RespCommand.of(args));
        }
        if (withFields) {
            return CommandRewrite.error("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and "
                    + "WITHCOORD options");
        }
        List<byte[]> args = new ArrayList<>(List.of(bytes("GEOSEARCHSTORE"), store, command.argBytes(1)));
        if (byMember) {
            args.addAll(List.of(bytes("FROMMEMBER"), command.argBytes(2)));
        } else {
            args.addAll(List.of(bytes("FROMLONLAT"), command.argBytes(2), command.argBytes(3)));
        }
        args.add(bytes("BYRADIUS"));
        args.add(command.argBytes(firstOption - 2));
        args.add(command.argBytes(firstOption - 1));
        if (order != null) {
            args.add(order);
        }
        if (count != null) {
            args.addAll(List.of(bytes("COUNT"), count));
        }
        if (any) {
            args.add(bytes("ANY"));
        }
        if (storeDist) {
            args.add(bytes("STOREDIST"));
        }
        return CommandRewrite.to(RespCommand.of(args.toArray(byte[][]::new)));
    }

    private static boolean isAny(RespCommand command, int index, String... words) {
        for (String word : words) {
            if (command.argEqualsIgnoreCase(index, word)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String word) {
        return word.getBytes(StandardCharsets.US_ASCII);
    }
}
