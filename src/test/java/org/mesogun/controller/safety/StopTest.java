package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/** SR-11 at the monitor: the stop button ends any shot in the tick it is seen. */
class StopTest {

    private final MonitorRig rig = new MonitorRig().homedAtPark();

    @Test
    @Verifies("SR-11")
    void stopButtonEndsAShotAtOnce() {
        rig.startSession();
        rig.insert();
        rig.assertPassed(rig.propose(20_000));
        rig.in.valveOpen = true;
        rig.in.stop = true;
        rig.next();
        assertFalse(rig.check(Activity.SESSION_DOSE));
        rig.assertSafe(FaultCode.STOP_PRESSED);
        assertEquals(rig.park, rig.out.moveTarget, "retract in the same tick");
        assertTrue(rig.out.axisEnable);
    }

    @Test
    @Verifies("SR-11")
    void stopButtonRefusesThePulseProposedInTheSameTick() {
        rig.startSession();
        rig.insert();
        rig.in.stop = true;
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.STOP_PRESSED);
    }

    @Test
    @Verifies("SR-11")
    void aStopCannotBeAcknowledgedWhileTheButtonIsHeld() {
        rig.in.stop = true;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        assertFalse(rig.monitor.acknowledge(rig.in));
        assertEquals(FaultCode.STOP_PRESSED, rig.monitor.latched());
        rig.in.stop = false;
        assertTrue(rig.monitor.acknowledge(rig.in));
        assertNull(rig.monitor.latched());
    }
}
