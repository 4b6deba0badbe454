package org.mesogun.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {

    /** A scripted session of moves, shots and readings; returns everything observable. */
    private static List<Double> run(long seed) {
        SimRig rig = new SimRig(SimSpec.defaults(seed));
        List<Double> seen = new ArrayList<>();
        rig.home();
        for (int i = 0; i < 30; i++) {
            rig.moveTo(7600 + (i % 5) * 100, SimRig.NOMINAL);
            seen.add(rig.shot(10_000 + i * 100));
            seen.add(rig.gun.plunger().travelMicrons());
            seen.add(rig.gun.truth().tipDepthMm());
            rig.moveTo(7600, SimRig.NOMINAL);
        }
        return seen;
    }

    @Test
    void aSeededRunReplaysIdentically() {
        assertEquals(run(42), run(42));
    }

    @Test
    void anotherSeedGivesAnotherRun() {
        assertNotEquals(run(42), run(43));
    }
}
