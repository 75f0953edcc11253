package io.rkproxy.redis;

import io.rkproxy.testkit.PackageCycles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NoPackageCycleTest {

    @Test
    void mainSourcesHaveNoPackageCycle() {
        PackageCycles.assertAcyclic(Path.of("src/main/java"));
    }
}
