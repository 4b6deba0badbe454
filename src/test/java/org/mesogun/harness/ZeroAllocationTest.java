package org.mesogun.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** requirements §5 / §11: the steady-state loop allocates nothing, over 120,000 ticks of shots. */
class ZeroAllocationTest {

    @Test
    void theControllerTickAllocatesNothingInASessionOfShots() {
        AllocationProbe probe = new AllocationProbe(Runs.profile(), 3);
        AllocationProbe.Result r = probe.run(200_000, 120_000, 3);

        System.out.printf("allocation: bytes per %d-tick window %s (%d shots in the last)%n", r.ticksPerWindow(),
                Arrays.toString(r.windowBytes()), r.shotsInLastWindow());
        assertTrue(r.shotsInLastWindow() >= 500, "the session must be firing: " + r.shotsInLastWindow()
                + " shots; state " + r.state() + ", fault " + probe.controller().monitor().latched());
        assertTrue(r.anyWindowClean(), "every window allocated: " + Arrays.toString(r.windowBytes()));
    }
}
