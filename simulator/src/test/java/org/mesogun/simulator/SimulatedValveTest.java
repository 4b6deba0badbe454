package org.mesogun.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimulatedValveTest {

    private static SimSpec noiseless() {
        return SimSpec.builder().shotNoiseSigma(0).build();
    }

    @Test
    void deliveredVolumeFollowsTheValvesTimingAndDelays() {
        SimRig rig = new SimRig(noiseless());
        double ul = rig.shot(10_000);
        // 0.94 uL/ms over 10 ms + 0.8 ms close delay - 1.5 ms open delay, full syringe.
        assertEquals(0.94 * 9.3, ul, 0.01);
        assertEquals(1, rig.gun.valve().pulsesCompleted());
        assertEquals(10_000, rig.gun.valve().lastPulseMicros());
    }

    @Test
    void sameValveTimeDeliversLessFromADrainingSyringe() {
        SimRig full = new SimRig(noiseless());
        double fromFull = full.shot(10_000);
        SimRig low = new SimRig(noiseless());
        low.gun.loadSyringe(10_000);
        for (int i = 0; i < 200; i++) {
            low.shot(40_000);  // drains about 7 mL
        }
        double fromLow = low.shot(10_000);
        assertTrue(fromLow < 0.85 * fromFull, fromLow + " vs " + fromFull);
    }

    @Test
    void sameValveTimeDeliversMoreWithAThinnerProduct() {
        SimRig thick = new SimRig(noiseless());
        thick.gun.setViscosity(1.5);
        SimRig thin = new SimRig(noiseless());
        thin.gun.setViscosity(0.8);
        assertTrue(thin.shot(10_000) > 1.5 * thick.shot(10_000));
    }

    @Test
    void perShotNoiseIsAboutTwoPercent() {
        SimRig rig = new SimRig(SimSpec.defaults(7));
        int n = 300;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            rig.gun.loadSyringe(10_000);  // keep the fill constant: only the noise varies
            double ul = rig.shot(20_000);
            sum += ul;
            sumSq += ul * ul;
        }
        double mean = sum / n;
        double cv = Math.sqrt(sumSq / n - mean * mean) / mean;
        assertTrue(cv > 0.012 && cv < 0.03, "cv " + cv);
    }

    @Test
    void valveDoesNotOpenWithoutTheDeadmanArmed() {
        SimRig rig = new SimRig();
        rig.gun.valve().pulse(10_000);
        rig.runMs(20);
        assertEquals(0, rig.gun.truth().deliveredUl());
        assertFalse(rig.gun.valve().isOpen());
    }

    @Test
    void pulseClosesByItselfBetweenTicks() {
        SimRig rig = new SimRig(noiseless());
        rig.gun.valve().armDeadman();
        rig.gun.valve().pulse(2_300);          // not a multiple of the 1 ms tick
        rig.runMs(1);
        assertTrue(rig.gun.valve().isOpen());
        rig.runMs(2);
        assertFalse(rig.gun.valve().isOpen());
        rig.runMs(5);
        assertEquals(2_300, rig.gun.valve().lastPulseMicros());
        assertEquals(0.94 * (2.3 + 0.8 - 1.5), rig.gun.truth().deliveredUl(), 1e-3);
    }

    @Test
    void shutEndsAPulseEarly() {
        SimRig rig = new SimRig(noiseless());
        rig.gun.valve().armDeadman();
        rig.gun.valve().pulse(30_000);
        rig.runMs(5);
        rig.gun.valve().shut();
        rig.runMs(5);
        assertEquals(5_000, rig.gun.valve().lastPulseMicros());
    }

    @Test
    void stopButtonCutsValvePowerDirectly() {
        SimRig rig = new SimRig(noiseless());
        rig.gun.valve().armDeadman();
        rig.gun.valve().pulse(30_000);
        rig.runMs(5);
        rig.gun.pressStop(true);
        rig.runMs(35);
        assertEquals(0.94 * (5 + 0.8 - 1.5), rig.gun.truth().deliveredUl(), 1e-3);
    }

    @Test
    void dutyCycleCountsOpenTime() {
        SimRig rig = new SimRig();
        for (int i = 0; i < 10; i++) {
            rig.shot(40_000);
        }
        // 400 ms open in a 10 s window.
        assertEquals(0.04, rig.gun.valve().dutyCycle(), 1e-6);
    }

    @Test
    void plungerSensorIsQuantisedAndFollowsDeliveredVolume() {
        SimRig rig = new SimRig(noiseless());
        rig.shot(40_000);
        double expectedMicrons = rig.gun.truth().deliveredUl() * rig.gun.spec().micronsPerUl();
        double reading = rig.gun.plunger().travelMicrons();
        assertEquals(0, reading % 5, 1e-9, "multiple of the 5 um resolution");
        assertEquals(expectedMicrons, reading, 12, "within 3 sigma + a resolution step");
    }
}
