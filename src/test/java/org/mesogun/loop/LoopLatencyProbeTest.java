package org.mesogun.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe reports; this only checks that it runs and prints. No pass/fail on timing. */
class LoopLatencyProbeTest {

    @Test
    void theProbeRunsTheLoopAndPrintsItsFigures() throws InterruptedException {
        LoopStats s = LoopLatencyProbe.run(Duration.ofMillis(500), LoopConfig.defaults(), System.out);
        assertTrue(s.ticks() > 0 && s.samples() == s.ticks(), s.toString());
    }
}
