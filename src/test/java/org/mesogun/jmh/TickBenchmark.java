package org.mesogun.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.mesogun.config.ConfigLoader;
import org.mesogun.harness.AllocationProbe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One loop tick during a firing nappage session: the simulated gun's physics for 1 ms, then
 * inputs, state machine, safety monitor and outputs (requirements §11's hot path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TickBenchmark {

    private AllocationProbe session;
    private long tick;

    @Setup
    public void start() {
        session = new AllocationProbe(ConfigLoader.load(Path.of("config")), 3);
    }

    @Benchmark
    public void tickDuringShots() {
        session.tickOnce(tick++);
    }
}
