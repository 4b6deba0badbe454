package org.mesogun.controller;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.RandomSession.Outcome;
import org.mesogun.controller.RandomSession.Plan;
import org.mesogun.harness.Violation;

/**
 * requirements §12: over random input sequences — trigger presses short, long and bouncing, skin contact,
 * panel buttons, needle removals, the stop button, simulator faults, settings within and beyond
 * the soft limits — SR-1 … SR-6 are never violated as the simulator judges from its true state;
 * and the same sequences against a controller whose safety monitor is switched off do violate
 * them, so the property can fail.
 *
 * <p>Every run derives from one seed, printed on failure with its trace, shrunk, and replayable:
 * {@code -Dmesogun.properties.replay=SEED}. Knobs: {@code -Dmesogun.properties.tries=N} (default
 * 500), {@code -Dmesogun.properties.seconds=S} of random actions a run (default 6),
 * {@code -Dmesogun.properties.seed=S} for the first seed.
 */
class SafetyPropertiesTest {

    private static final int TRIES = Integer.getInteger("mesogun.properties.tries", 500);
    private static final long SECONDS = Long.getLong("mesogun.properties.seconds", 6);
    private static final long FIRST_SEED = Long.getLong("mesogun.properties.seed", 20_261_127L);
    private static final String REPLAY = System.getProperty("mesogun.properties.replay");
    /** Tries of the unguarded controller: enough to show the generator finds breaches. */
    private static final int UNGUARDED_TRIES = 60;

    private static List<Long> seeds(int n) {
        if (REPLAY != null && !REPLAY.isBlank()) {
            List<Long> one = new ArrayList<>();
            for (String s : REPLAY.split(",")) {
                one.add(Long.parseLong(s.trim()));
            }
            return one;
        }
        SplittableRandom r = new SplittableRandom(FIRST_SEED);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(r.nextLong());
        }
        return out;
    }

    private static Plan plan(long seed) {
        return RandomSession.plan(seed, SECONDS * 1_000_000_000L);
    }

    @Test
    @Verifies({"SR-1", "SR-2", "SR-3", "SR-4", "SR-5", "SR-6"})
    void theGuardedControllerViolatesNoSafetyRequirementUnderRandomUse() {
        List<Outcome> failures = new ArrayList<>();
        Stats stats = new Stats();
        for (long seed : seeds(TRIES)) {
            Outcome o = RandomSession.run(plan(seed), true);
            stats.add(o);
            if (REPLAY != null) {
                System.out.println(o.describe(100_000));
            }
            if (o.violated()) {
                failures.add(o);
            }
        }
        System.out.println("guarded: " + stats);
        assertTrue(stats.sessions > stats.runs / 2, "the generator gets the gun into sessions: " + stats);
        assertTrue(stats.shots > stats.runs, "the generator makes the gun fire: " + stats);
        if (!failures.isEmpty()) {
            Outcome first = failures.get(0);
            Outcome small = RandomSession.shrink(first, 200, false);
            fail(failures.size() + " of " + stats.runs + " random runs violated a safety requirement; seeds "
                    + failures.stream().map(f -> "\n  " + f.plan().seed() + " " + f.violations().get(0)).toList()
                    + "\nfirst, shrunk to " + small.plan().events().size() + " events:\n" + small.describe(400)
                    + "\n  events: " + small.plan().events());
        }
    }

    /**
     * The same, but the preset shortcuts may change protocol, depth and dose while a session runs
     * (the panel cannot): a stand-in for a state machine that proposes a different dose than the
     * session was started with. The monitor alone must then keep SR-2.
     */
    @Test
    @Verifies({"SR-1", "SR-2", "SR-3", "SR-4", "SR-5", "SR-6"})
    void theMonitorAloneContainsAStateMachineThatChangesSettingsMidSession() {
        List<Outcome> failures = new ArrayList<>();
        Stats stats = new Stats();
        for (long seed : seeds(TRIES)) {
            Outcome o = RandomSession.run(plan(seed), true, true);
            stats.add(o);
            if (o.violated()) {
                failures.add(o);
            }
        }
        System.out.println("guarded, settings changed mid-session: " + stats);
        if (!failures.isEmpty()) {
            Outcome small = RandomSession.shrink(failures.get(0), 200, true);
            fail(failures.size() + " of " + stats.runs + " random runs violated a safety requirement; seeds "
                    + failures.stream().map(f -> "\n  " + f.plan().seed() + " " + f.violations().get(0)).toList()
                    + "\nfirst, shrunk to " + small.plan().events().size() + " events:\n" + small.describe(400)
                    + "\n  events: " + small.plan().events());
        }
    }

    @Test
    @Verifies({"SR-1", "SR-2", "SR-3", "SR-4", "SR-5", "SR-6"})
    void theSameRandomUseFindsViolationsWhenTheMonitorIsSwitchedOff() {
        Stats stats = new Stats();
        Outcome example = null;
        for (long seed : seeds(UNGUARDED_TRIES)) {
            Outcome o = RandomSession.run(plan(seed), false);
            stats.add(o);
            if (o.violated() && example == null) {
                example = o;
            }
        }
        System.out.println("unguarded: " + stats);
        assertFalse(stats.bySr.isEmpty(), "with the safety monitor off, random use must break something: " + stats);
        System.out.println("an unguarded run that breaks them:\n" + example.describe(60));
    }

    private static String requirements(Outcome o) {
        return o.violations().stream().map(Violation::requirement).distinct().toList().toString();
    }

    /** What the runs did, for the evidence (not asserted on wall time). */
    private static final class Stats {
        int runs;
        int violating;
        int sessions;
        long shots;
        long punctures;
        long faults;
        long virtualNanos;
        long ticks;
        final Map<String, Integer> bySr = new TreeMap<>();
        final long wallStart = System.nanoTime();

        void add(Outcome o) {
            runs++;
            sessions += o.sessions();
            shots += o.shots();
            punctures += o.punctures();
            faults += o.faults();
            virtualNanos += o.virtualNanos();
            ticks += o.ticks();
            if (o.violated()) {
                violating++;
                o.violations().stream().map(Violation::requirement).distinct()
                        .forEach(sr -> bySr.merge(sr, 1, Integer::sum));
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%d runs, %.0f s virtual, %d ticks, %d sessions, %d valve pulses, %d punctures, %d faults latched;"
                            + " %d runs violating %s; %.1f s wall",
                    runs, virtualNanos / 1e9, ticks, sessions, shots, punctures, faults, violating, bySr,
                    (System.nanoTime() - wallStart) / 1e9);
        }
    }
}
