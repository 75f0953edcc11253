package io.rkproxy.core.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file's text whole, so that a reader or a crash sees the old text or the new, never a part: the new text
 * is written beside the file and moved over it. A symlink is followed, so the link stays and its target is
 * replaced; the new file gets the old one's permissions (a 0600 config holding passwords stays 0600).
 */
public final class FileReplacement {

    private FileReplacement() {
    }

    public static void replace(Path file, String text) throws IOException {
        Path target = file.toRealPath();
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(target);
        Path next = target.resolveSibling("." + target.getFileName() + ".next");
        Files.deleteIfExists(next);
        // created no more open than the original (the umask only takes bits away), then given exactly its bits
        Files.createFile(next, PosixFilePermissions.asFileAttribute(permissions));
        try {
            Files.setPosixFilePermissions(next, permissions);
            Files.writeString(next, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(next);
            throw e;
        }
    }
}
