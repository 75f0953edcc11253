package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.Protocol;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopRepliesTest {

    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final LoopReplies replies = new LoopReplies(new LoopOnly(loop));

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A reply that fails (an encoding error, say) must not leave the replies queued behind it unsent. */
    @Test
    void aFailingTaskDoesNotStrandTheTasksQueuedBehindIt() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // both queue behind one loop task while the loop is busy
        CountDownLatch answered = new CountDownLatch(1);
        replies.onLoop(() -> {
            throw new IllegalStateException("a reply that cannot be built");
        });
        replies.onLoop(answered::countDown);
        busy.countDown();
        assertTrue(answered.await(5, TimeUnit.SECONDS), "the reply queued after a failing one never ran");
    }

    private record LoopOnly(EventLoop loop) implements SessionContext {
        @Override
        public long sessionId() {
            return 1;
        }

        @Override
        public void clientName(String name) {
        }

        @Override
        public Optional<String> pin(TenantConfig tenant, String needs) {
            return Optional.empty();
        }

        @Override
        public void unpin() {
        }

        @Override
        public void holdReads(boolean hold) {
        }

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public Protocol protocol() {
            return Protocol.RESP2;
        }
    }
}
