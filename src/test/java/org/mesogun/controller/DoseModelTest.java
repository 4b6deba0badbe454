package org.mesogun.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/** The closed loop's gain: how far one shot moves it, by how precisely that shot was measured. */
class DoseModelTest {

    @Test
    @Verifies("SR-9")
    void aPreciselyMeasuredShotMovesTheGainAFifthOfTheWay() {
        DoseModel m = new DoseModel(1.0, 0, true);
        m.learn(20_000, 20, 16, 0.2);   // σ 1 % of the dose: better than the 2 % that earns the full step
        assertEquals(1 + 0.2 * 0.25, m.gain(), 1e-12);
    }

    @Test
    @Verifies("SR-9")
    void aNoisierMeasurementMovesItLessByTheSquareDownToAFloor() {
        assertEquals(0.2, DoseModel.step(20, 0.4), 1e-12, "2 % of 20 uL: the full step");
        assertEquals(0.2 / 4 * 1.0, DoseModel.step(20, 0.8) * 1.0, 1e-12, "twice as noisy: a quarter");
        assertEquals(DoseModel.MIN_ALPHA, DoseModel.step(10, 1.0), 1e-12, "10 % of 10 uL: the floor");
        assertEquals(0.2, DoseModel.step(20, 0), 1e-12, "no noise stated: the full step");
    }

    @Test
    void openLoopNeverLearnsAndTheGainStaysBounded() {
        DoseModel open = new DoseModel(1.0, 0, false);
        open.learn(20_000, 20, 10, 0.1);
        assertEquals(1.0, open.gain());
        DoseModel closed = new DoseModel(1.0, 0, true);
        for (int i = 0; i < 100; i++) {
            closed.learn(20_000, 20, 1, 0.1);   // a reading that says almost nothing flowed
        }
        assertEquals(DoseModel.MAX_GAIN, closed.gain(), 1e-12);
    }

    @Test
    void theExpectedVolumeIsTheInverseOfTheOpenTime() {
        DoseModel m = new DoseModel(0.9, 0.5, true);
        m.learn(20_000, 20, 18, 0.2);
        long micros = m.openMicros(30, 0.8);
        assertEquals(30, m.expectedUl(micros, 0.8), 0.01);
    }
}
