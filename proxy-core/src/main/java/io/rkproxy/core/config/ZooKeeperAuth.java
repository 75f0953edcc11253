package io.rkproxy.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How a node (or the {@code zk} tool) authenticates to ZooKeeper: the digest scheme, as a user and a password.
 * SASL needs no setting here: ZooKeeper's client takes it from the standard JAAS system properties.
 */
public record ZooKeeperAuth(String user, String password) {

    public static final String SCHEME = "digest";

    /** What ZooKeeper's {@code addauth digest} takes: {@code user:password}. */
    public byte[] credentials() {
        return (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    /** Names the user only: configs are logged and compared, and the password must not show. */
    @Override
    public String toString() {
        return SCHEME + " user '" + user + "'";
    }

    /** {@code config.zookeeper.auth}: {@code scheme: digest}, a {@code user}, a {@code password} or its file. */
    static ZooKeeperAuth read(ConfigNode node) {
        String scheme = node.string("scheme", SCHEME);
        String user = node.string("user", "");
        String password = node.string("password", null);
        String passwordFile = node.string("password-file", null);
        node.rejectUnknownKeys();
        if (!SCHEME.equals(scheme)) {
            node.problem("scheme", "only 'digest' is supported, got '" + scheme + "' (SASL is set up through the "
                    + "JAAS system properties, not here)");
        }
        if (user.isEmpty() || user.contains(":")) {
            node.problem("user", "is required and must not contain ':'");
        }
        if (password != null && passwordFile != null) {
            node.problem("password", "set password or password-file, not both");
        } else if (password == null && passwordFile == null) {
            node.problem("password", "set password or password-file");
        } else if (passwordFile != null) {
            password = readPasswordFile(node, Path.of(passwordFile));
        }
        if (password != null && password.isEmpty()) {
            node.problem(passwordFile != null ? "password-file" : "password", "the password must not be empty");
        }
        return new ZooKeeperAuth(user, password == null ? "" : password);
    }

    private static String readPasswordFile(ConfigNode node, Path file) {
        try {
            return readLine(file);
        } catch (IOException e) {
            node.problem("password-file", cannotRead(file, e));
            return null;
        }
    }

    /**
     * The {@code zk} tool's credentials: a file holding {@code user:password}, as zkCli's {@code addauth digest}
     * takes them.
     */
    public static ZooKeeperAuth fromFile(Path file) throws ConfigException {
        String text;
        try {
            text = readLine(file);
        } catch (IOException e) {
            throw new ConfigException(cannotRead(file, e));
        }
        int colon = text.indexOf(':');
        if (colon < 1 || colon == text.length() - 1) {
            throw new ConfigException(file + ": must hold user:password");
        }
        return new ZooKeeperAuth(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The file's text without its final line break: {@code echo} and editors add one to what is no line. */
    private static String readLine(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R+\\z", "");
    }

    private static String cannotRead(Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
        return "cannot read " + file.toAbsolutePath() + ": " + why;
    }
}
