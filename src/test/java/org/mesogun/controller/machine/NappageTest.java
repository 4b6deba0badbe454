package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.config.Mode;
import org.mesogun.config.Protocol;
import org.mesogun.config.Range;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.TestSettings;

/**
 * Nappage (requirements §3): shallow shots repeated while the trigger is held, at the protocol's rate but
 * never faster than the minimum shot interval (SR-6: 9 shots/s at most).
 */
class NappageTest {

    private static MachineRig armed(double shotsPerS) {
        TestSettings t = MachineRig.settings();
        t.protocols = List.of(new Protocol("face-nappage", "face", Mode.NAPPAGE, 1.0, 10, shotsPerS,
                new Range(0.5, 1.5), new Range(5, 15)));
        return new MachineRig(t).armed();
    }

    /** Holds the trigger on the skin for {@code ms}, then lets go; returns the shot starts. */
    private static List<Long> hold(MachineRig rig, int ms) {
        rig.in.skin = true;
        rig.in.trigger = true;
        rig.ticks(ms);
        rig.in.trigger = false;
        rig.until(() -> rig.state() == State.ARMED, 200, "back to armed");
        rig.ticks(300);
        return rig.shotStarts;
    }

    private static long gap(List<Long> starts, int i) {
        return (starts.get(i + 1) - starts.get(i)) / MachineRig.MS;
    }

    @Test
    void aHeldTriggerRepeatsAtTheProtocolsRateAndStopsWhenReleased() {
        MachineRig rig = armed(6);
        List<Long> starts = hold(rig, 1_000);
        assertEquals(6, starts.size(), "6 shots/s for one second");
        for (int i = 0; i < starts.size() - 1; i++) {
            assertEquals(167, gap(starts, i), "1/6 s, to the next tick");
        }
        assertEquals(6, rig.events.points.size());
        rig.assertNoAlarm();
    }

    @Test
    @Verifies("SR-6")
    void aProtocolAskingMoreThanNineShotsASecondGetsTheMinimumInterval() {
        MachineRig rig = armed(12);
        List<Long> starts = hold(rig, 600);
        for (int i = 0; i < starts.size() - 1; i++) {
            assertEquals(111, gap(starts, i));
        }
        assertEquals(6, starts.size());
        rig.assertNoAlarm();
    }

    @Test
    void aTriggerHeldWhenTheSessionStartsDoesNotFireUntilPressedAfresh() {
        TestSettings t = MachineRig.settings();
        t.protocols = List.of(new Protocol("face-nappage", "face", Mode.NAPPAGE, 1.0, 10, 6,
                new Range(0.5, 1.5), new Range(5, 15)));
        MachineRig rig = new MachineRig(t).booted().loaded().primed();
        rig.machine.presetLot(1);
        rig.in.trigger = true;
        rig.in.skin = true;
        rig.start();
        rig.ticks(500);
        assertEquals(State.ARMED, rig.state());
        assertEquals(0, rig.shotStarts.size());
        rig.in.trigger = false;
        rig.tick();
        rig.in.trigger = true;
        rig.tick();
        assertEquals(1, rig.shotStarts.size());
    }
}
