package org.mesogun.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/**
 * Random sessions (the property tests' plans) with the technician console's interruptions struck
 * at random moments: a hold ('!'), a reset (Ctrl-X) or an ACK, several per run. Whatever the moment,
 * a session never runs outside its states (ARMED, a shot, its syringe's priming, a needle change's
 * homing), and the simulator's judge sees no dose other than the one the session was confirmed
 * with, nor any other violation. {@code -Dmesogun.console.tries=N} runs more; a failure prints its
 * seed and replays from it.
 */
class ConsoleInterruptionPropertyTest {

    private static final int TRIES = Integer.getInteger("mesogun.console.tries", 60);
    /** One seed only: {@code -Dmesogun.console.replay=SEED}. */
    private static final Long REPLAY = Long.getLong("mesogun.console.replay");
    private static final EnumSet<State> SESSION_STATES = EnumSet.of(State.ARMED, State.INSERT, State.SETTLE,
            State.DOSE, State.DWELL, State.RETRACT, State.PRIMING, State.HOMING);

    /**
     * Posts the planned interruptions and checks every tick. Each strike waits for the first,
     * second or third time in a state (drawn from all of them, so short ones such as a mid-session
     * priming are struck as often as long ones) and a delay into it, then holds, resets or
     * acknowledges.
     */
    private static final class Interrupter implements RandomSession.SimulationRunTap {
        final ServiceMailbox mailbox = new ServiceMailbox();
        final State[] in;
        final int[] occurrence;
        final int[] entered = new int[State.values().length];
        final long[] after;
        final int[] what;
        final boolean[] done;
        State last;
        long since;
        final List<String> problems = new ArrayList<>();
        final EnumSet<State> interruptedIn = EnumSet.noneOf(State.class);
        final List<String> struck = new ArrayList<>();
        long primingInSession;

        Interrupter(long seed) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
            int n = 5 + r.nextInt(11);
            in = new State[n];
            occurrence = new int[n];
            after = new long[n];
            what = new int[n];
            done = new boolean[n];
            for (int i = 0; i < n; i++) {
                in[i] = State.values()[r.nextInt(State.values().length)];
                occurrence[i] = 1 + r.nextInt(3);   // the first, second or third time in that state
                after[i] = r.nextInt(150) * RandomSession.MS;
                what[i] = r.nextInt(3);
            }
        }

        @Override
        public void tick(long now, Controller c) {
            InjectionMachine m = c.machine();
            if (m.state() != last) {
                last = m.state();
                since = now;
                entered[last.ordinal()]++;
            }
            if (m.inSession() && m.state() == State.PRIMING) {
                primingInSession++;
            }
            if (m.inSession() && !SESSION_STATES.contains(m.state())) {
                problems.add(String.format(Locale.ROOT, "%.1f ms: session %d running in %s", now / 1e6,
                        m.sessionNo(), m.state()));
            }
            for (int i = 0; i < in.length; i++) {
                if (!done[i] && in[i] == last && entered[last.ordinal()] == occurrence[i] && now - since >= after[i]) {
                    done[i] = true;
                    interruptedIn.add(last);
                    struck.add(String.format(Locale.ROOT, "%.1f ms %s in %s", now / 1e6,
                            what[i] == 0 ? "hold" : what[i] == 1 ? "reset" : "ACK", last));
                    switch (what[i]) {
                        case 0 -> mailbox.requestHold();
                        case 1 -> mailbox.requestReset();
                        default -> mailbox.post(ServiceMailbox.Op.ACK, 0, 0);
                    }
                    break;
                }
            }
            mailbox.poll();   // an ACK's answer: read, as the console would
        }
    }

    /** A syringe that runs short within a few points, so sessions wait on a new one and prime it. */
    static RandomSession.Plan smallSyringe(RandomSession.Plan p) {
        RandomSession.Setup u = p.setup();
        RandomSession.Setup small = new RandomSession.Setup(u.simSeed(), u.protocol(), u.depthMm(), u.doseUl(), u.lot(),
                u.session(), u.punctureLimit(), u.sessionCapUl(), 400, 100, u.initialMm());
        return new RandomSession.Plan(p.seed(), small, p.events(), p.phaseNanos());
    }

    @Test
    @Verifies({"SR-5", "SR-11"})
    void interruptionsAtRandomMomentsNeverLeaveASessionOutsideItsStates() {
        EnumSet<State> reached = EnumSet.noneOf(State.class);
        int runsWithAReload = 0;
        for (long seed = REPLAY != null ? REPLAY : 1; seed <= (REPLAY != null ? REPLAY : TRIES); seed++) {
            RandomSession.Plan plan = smallSyringe(RandomSession.plan(seed, 20_000 * RandomSession.MS));
            Interrupter it = new Interrupter(seed);
            RandomSession.Outcome o = RandomSession.run(plan, true, false, it, it.mailbox);
            reached.addAll(it.interruptedIn);
            runsWithAReload += it.primingInSession > 0 ? 1 : 0;
            assertEquals(List.of(), it.problems, "seed " + seed + " (replay with this seed)");
            assertTrue(o.violations().isEmpty(), "console: " + it.struck + "\n" + o.describe(REPLAY != null ? 400 : 40));
        }
        System.out.println("console interruptions: " + TRIES + " runs, " + runsWithAReload
                + " primed a new syringe mid-session; struck in " + reached);
        assertTrue(REPLAY != null || reached.containsAll(EnumSet.of(State.ARMED, State.IDLE, State.FAULT, State.PRIMING,
                State.INSERT, State.DOSE, State.RETRACT)), "interruptions struck in " + reached);
    }
}
