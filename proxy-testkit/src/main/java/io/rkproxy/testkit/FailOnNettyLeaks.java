package io.rkproxy.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after which Netty reports a {@link io.netty.buffer.ByteBuf} leak, with every buffer tracked
 * ({@link NettyLeaks}). A module turns it on for all its tests with JUnit's extension auto-detection: a
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} naming this class and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in its {@code junit-platform.properties}.
 */
public final class FailOnNettyLeaks implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        NettyLeaks.install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        NettyLeaks.assertNone(context.getDisplayName());
    }
}
