package io.rkproxy.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's passwords: {@code password} or {@code password-sha256} for one, {@code passwords} and {@code
 * passwords-sha256} for several while a password is rotated, each tenant's all distinct from every other tenant's.
 */
class TenantPasswordsTest {

    private static final String POOLS = """
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
              big: {type: redis-cluster, nodes: ["127.0.0.1:7000"]}
            tenants:
            """;

    @TempDir
    Path dir;

    private ProxyConfig load(String tenants) throws Exception {
        Path file = dir.resolve("rkproxy.yaml");
        Files.writeString(file, POOLS + tenants);
        return new ConfigLoader(PoolProbe.OFFLINE).load(file);
    }

    /** The problems, without the file name each starts with. */
    private List<String> problems(String tenants) {
        String prefix = dir.resolve("rkproxy.yaml") + ": ";
        return assertThrows(ConfigException.class, () -> load(tenants)).problems().stream()
                .map(p -> p.startsWith(prefix) ? p.substring(prefix.length()) : p).toList();
    }

    private static Credentials credentials(String... plain) {
        return Credentials.of(Arrays.stream(plain).map(PasswordHash::ofPlain).collect(Collectors.toSet()));
    }

    @Test
    void aClusterTenantHasEveryPasswordOfBothListsAndOneTenantHasOnePasswordAsBefore() throws Exception {
        ProxyConfig config = load("""
                  shop: {passwords: [shop-new, shop-old], passwords-sha256: [%s], pool: big}
                  feed: {password: feed-secret, pool: cache, db: 1}
                  hashed: {password-sha256: %s, pool: cache, db: 2}
                """.formatted(PasswordHash.ofPlain("shop-oldest").hex(), PasswordHash.ofPlain("hashed-secret").hex()));
        assertEquals(credentials("shop-new", "shop-old", "shop-oldest"), config.tenant("shop").get().credentials());
        assertEquals(credentials("feed-secret"), config.tenant("feed").get().credentials());
        assertEquals(credentials("hashed-secret"), config.tenant("hashed").get().credentials());
    }

    @Test
    void theOnePasswordKeysAndTheListsAreNotMixed() {
        assertEquals(List.of("tenants.shop.passwords: set password or password-sha256 for one password, or passwords "
                        + "and passwords-sha256 for several, not both forms"),
                problems("  shop: {password: shop-new, passwords-sha256: [%s], pool: big}\n"
                        .formatted(PasswordHash.ofPlain("shop-old").hex())));
        assertEquals(List.of("tenants.shop.password: holds one password; list several under 'passwords'"),
                problems("  shop: {password: [shop-new, shop-old], pool: big}\n"));
    }

    @Test
    void everyMistakeInTheListsIsReportedInOneLoad() {
        List<String> problems = problems("""
                  empty: {passwords: [], pool: cache, db: 1}
                  blank: {passwords: [blank-secret, ""], pool: cache, db: 2}
                  bad-hash: {passwords-sha256: [abc], pool: cache, db: 3}
                  twice: {passwords: [twice-secret], passwords-sha256: [%s], pool: cache, db: 4}
                  not-a-list: {passwords: not-a-list-secret, pool: cache, db: 5}
                """.formatted(PasswordHash.ofPlain("twice-secret").hex()));
        assertEquals(List.of(
                "tenants.empty.passwords: must list at least one password",
                "tenants.blank.passwords: must not hold an empty password",
                "tenants.bad-hash.passwords-sha256: must be 64 hex characters, got 3",
                "tenants.twice.passwords: lists the same password twice (plain or hashed)",
                "tenants.not-a-list.passwords: must be a list, got 'not-a-list-secret'"), problems);
    }

    @Test
    void aPasswordInAnyTenantsListMayNotBeAnotherTenantsOnceEvenTwice() {
        assertEquals(List.of("tenants.feed.password: same password as tenant 'shop'; AUTH <password> must identify "
                        + "one tenant"),
                problems("""
                          shop: {passwords: [shop-new, shop-old], pool: big}
                          feed: {passwords: [shop-old, shop-new, feed-secret], pool: cache, db: 1}
                        """));
    }
}
