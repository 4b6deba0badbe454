package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The monitor switched off (the property tests' can-fail evidence, requirements §12): it judges nothing,
 * but keeps the books the state machine reads — homing, needle counts, the volume estimate.
 */
class ObserveOnlyTest {

    private final MonitorRig rig = new MonitorRig(TestSettings.defaults(), false);

    private void observe() {
        rig.in.now += rig.s.periodNanos();
        rig.monitor.observeOnly(rig.in, rig.out);
    }

    @Test
    void itJudgesNothingButKeepsTheBooks() {
        rig.next();
        observe();
        assertFalse(rig.monitor.homed(), "no position defined yet");
        assertEquals(0, rig.in.axisPosition);

        rig.next().setPosition = 50;
        observe();
        assertTrue(rig.monitor.homed());
        assertEquals(50, rig.in.axisPosition, "judged at the position the stage applies");

        rig.monitor.syringeLoaded(1_000);
        rig.next().valvePulseMicros = 90_000;   // beyond max_open: passed unchanged
        rig.out.moveTarget = 20_000;            // beyond the depth limit: passed unchanged
        rig.at(rig.target);
        observe();
        assertEquals(90_000, rig.out.valvePulseMicros);
        assertEquals(20_000, rig.out.moveTarget);
        assertNull(rig.monitor.latched());
        assertEquals(90, rig.plunger.deliveredUl(), 1e-9, "open-loop estimate from the pulse");
        assertEquals(1, rig.needle.punctures());
    }
}
