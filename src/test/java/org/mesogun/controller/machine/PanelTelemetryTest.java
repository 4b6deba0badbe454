package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 17: telemetry offline with records waiting (an expired certificate, a refused password) is
 * a "!" in the last column of the panel's first line, on the menu and in a session, so it is not
 * silent until the journal fills; the gun works as before.
 */
class PanelTelemetryTest {

    @Test
    void theMenuShowsTheMarkWhileTelemetryIsInTroubleAndDropsItAfter() {
        MachineRig rig = new MachineRig().booted();
        String menu = rig.line1;
        assertFalse(menu.endsWith("!"), menu);
        rig.in.telemetryTrouble = true;
        rig.ticks(2);
        assertEquals(16, rig.line1.length(), rig.line1);
        assertTrue(rig.line1.endsWith("!") && rig.line1.startsWith(menu.substring(0, Math.min(menu.length(), 15)).trim()),
                rig.line1);
        rig.in.telemetryTrouble = false;
        rig.ticks(2);
        assertEquals(menu, rig.line1, "back as it was");
    }

    @Test
    void aSessionShowsItTooAndKeepsFiring() {
        MachineRig rig = new MachineRig().armed();
        rig.in.telemetryTrouble = true;
        rig.ticks(2);
        assertTrue(rig.line1.endsWith("!") && rig.line1.startsWith("face-point"), rig.line1);
        rig.shot();
        assertEquals(1, rig.events.points.size(), "the gun works as before");
        assertTrue(rig.line1.endsWith("!"), rig.line1);
    }
}
