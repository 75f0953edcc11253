package io.rkproxy.bench.soak;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap and direct memory of another JVM of this user, over JMX: the soak attaches to rkproxy's JVM, which starts
 * its local management agent (no port, no flag needed at rkproxy's start).
 *
 * <p>Heap is read after a full GC that this asks for (System.gc()), so that it is what is live rather than where
 * the collector happens to be in its cycle; rkproxy's live heap is small (some MB), so that pause is short.
 * Direct memory is the JDK's "direct" buffer pool, which is where Netty's buffers are: on Java 9+ Netty allocates
 * them through ByteBuffer.allocateDirect (with a cleaner) unless io.netty.tryReflectionSetAccessible is set, which
 * rkproxy does not do.
 */
final class JvmMemory implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final BufferPoolMXBean direct;

    private JvmMemory(JMXConnector connector, MemoryMXBean memory, BufferPoolMXBean direct) {
        this.connector = connector;
        this.memory = memory;
        this.direct = direct;
    }

    static JvmMemory attach(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        var server = connector.getMBeanServerConnection();
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(server, BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst()
                .orElseThrow(() -> new IOException("JVM " + pid + " has no 'direct' buffer pool"));
        return new JvmMemory(connector, memory, direct);
    }

    /** Bytes of heap in use right after a full GC. */
    long heapAfterGc() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Bytes of direct buffers allocated. */
    long directBytes() {
        return direct.getMemoryUsed();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
