package io.rkproxy.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerAuthTest {

    private final BearerAuth auth = new BearerAuth(Optional.of("s3cret-token-0123456789"));

    @Test
    void theRightTokenIsLetIn() {
        assertTrue(auth.permits("Bearer s3cret-token-0123456789"));
        assertTrue(auth.permits("bearer s3cret-token-0123456789"), "the scheme is case-insensitive");
    }

    @Test
    void aWrongTokenIsRefused() {
        assertFalse(auth.permits("Bearer s3cret-token-012345678"));
        assertFalse(auth.permits("Bearer s3cret-token-01234567890"));
        assertFalse(auth.permits("Bearer "));
        assertFalse(auth.permits("Basic s3cret-token-0123456789"));
        assertFalse(auth.permits("s3cret-token-0123456789"));
    }

    @Test
    void aMissingHeaderIsRefused() {
        assertFalse(auth.permits(null));
    }

    @Test
    void withoutATokenEveryRequestIsLetIn() {
        BearerAuth open = new BearerAuth(Optional.empty());
        assertTrue(open.permits(null));
        assertTrue(open.permits("Bearer anything"));
    }
}
