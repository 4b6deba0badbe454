package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;

/**
 * Truthful records (issue "Dose and syringe safety", item 5): every point is on the record once,
 * as what it was, with what the plunger measured of it; the session's total is what was measured.
 */
class PointRecordTest {

    /**
     * A shot under its tolerance was published as delivered and then followed by a phantom
     * aborted point (the fault aborting a shot already done). It is now one aborted point with
     * its cause and the 10 µL the plunger measured, and the session's total counts those 10 µL.
     */
    @Test
    @Verifies({"SR-9", "SR-5"})
    void aShotUnderToleranceIsRecordedOnceAsAbortedWithWhatItDelivered() {
        MachineRig rig = new MachineRig().armed();
        rig.delivery = 0.5;   // after priming: the syringe now gives half of what the valve time says
        rig.shot();
        assertEquals(FaultCode.DOSE_OUT_OF_TOLERANCE, rig.latched());
        assertEquals(List.of(), rig.events.points, "not published as delivered");
        assertEquals(List.of(new RecordedEvents.Aborted(1, 1, FaultCode.DOSE_OUT_OF_TOLERANCE)), rig.events.aborted,
                "one record, no phantom point after it");
        assertEquals(10, rig.events.abortedUl.get(0), 1e-9);
        RecordedEvents.Ended end = rig.events.lastEnded();
        assertEquals(0, end.points());
        assertEquals(10, end.deliveredUl(), 1e-9, "the session's total is what was measured");
        assertEquals(SessionEnd.FAULT, end.reason());
    }

    /** A shot cut short by lifting the gun carries what the plunger had measured of it. */
    @Test
    @Verifies("SR-5")
    void aShotCutShortByLiftingCarriesWhatThePlungerMeasured() {
        MachineRig rig = new MachineRig().armed();
        rig.pressOnSkin();
        rig.until(() -> rig.state() == State.DOSE, 500, "dosing");
        rig.ticks(10);   // 10 of the 20 ms
        rig.in.skin = false;
        rig.until(() -> !rig.state().inShot(), 500, "back at park");
        assertEquals(1, rig.events.aborted.size());
        assertEquals(List.of(), rig.events.points);
        double ul = rig.events.abortedUl.get(0);
        assertTrue(ul > 5 && ul <= 20, "measured " + ul + " uL of the 20");
    }
}
