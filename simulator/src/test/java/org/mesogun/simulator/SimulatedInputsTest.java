package org.mesogun.simulator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimulatedInputsTest {

    @Test
    void triggerBouncesRawButReadsDebounced() {
        SimRig rig = new SimRig();
        rig.gun.pressTrigger(true);
        long pressedAt = rig.clock.nanoTime();
        int rawEdges = 0;
        boolean last = rig.gun.rawTrigger(pressedAt);
        for (long t = pressedAt; t < pressedAt + 3_000_000; t += 50_000) {
            boolean raw = rig.gun.rawTrigger(t);
            if (raw != last) {
                rawEdges++;
            }
            last = raw;
        }
        assertTrue(rawEdges >= 4, "the contact bounces: " + rawEdges + " raw edges");
        boolean changes = false;
        for (int ms = 0; ms < 6; ms++) {
            changes |= rig.gun.trigger().isActive();
            rig.runMs(1);
        }
        assertFalse(changes, "not accepted while bouncing and before 5 ms stable");
        rig.runMs(2);
        assertTrue(rig.gun.trigger().isActive());
    }

    @Test
    void aGlitchShorterThanTheDebounceIsIgnored() {
        SimRig rig = new SimRig(SimSpec.builder().triggerBounceNanos(0).build());
        rig.gun.setSkinContact(true);
        rig.runMs(10);
        assertTrue(rig.gun.skinContact().isActive());
        rig.gun.setSkinContact(false);
        rig.runMs(1);
        rig.gun.setSkinContact(true);
        rig.runMs(10);
        for (int i = 0; i < 5; i++) {
            assertTrue(rig.gun.skinContact().isActive());
            rig.runMs(1);
        }
    }

    @Test
    void panelButtonsAndDisplay() {
        SimRig rig = new SimRig();
        rig.gun.pressSelect(true);
        rig.runMs(10);
        assertTrue(rig.gun.panel().select().isActive());
        rig.gun.panel().show("face-point", "1.0mm 20uL");
        assertTrue(rig.gun.panelText().contains("face-point"));
    }
}
