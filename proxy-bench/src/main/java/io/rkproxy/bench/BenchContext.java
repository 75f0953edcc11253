package io.rkproxy.bench;

import java.util.ArrayList;
import java.util.List;

/** What the sections share: the settings, the run's directory, processes and ports, the tools and the results. */
record BenchContext(
        BenchConfig config,
        Workspace workspace,
        Processes processes,
        Ports ports,
        RedisCli cli,
        RedisBenchmark benchmark,
        JavaDriver drivers,
        ProcessCpu cpu,
        Results results,
        List<Rkproxy> rkproxies) {

    static BenchContext create(BenchConfig config, Workspace workspace, Processes processes) {
        return new BenchContext(config, workspace, processes, new Ports(), new RedisCli(processes),
                new RedisBenchmark(processes, config.timeout()),
                new JavaDriver(processes, config.timeout(), config.driverJavaOpts()), ProcessCpu.ofThisMachine(),
                new Results(), new ArrayList<>());
    }
}
