package org.mesogun.harness;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.mesogun.simulator.SimFault;
import org.mesogun.simulator.SimulatedGun;

/**
 * The simulated clinician of a scenario. Like a person, it knows the gun only by its panel and
 * its feel: it reads the display, presses buttons (held long enough to pass the debounce), loads
 * and primes the syringe, enters the lot, picks the protocol, starts, places the gun on the skin
 * and pulls the trigger for each point, changes the needle whenever the panel asks, acknowledges
 * alarms (after the cause is gone), and ends the session. It never reads the controller.
 */
final class Clinician {

    private static final long MS = 1_000_000L;
    private static final long PRESS_NANOS = 30 * MS;
    private static final int MAX_MENU_PRESSES = 20;

    /** One thing the clinician does, over as many ticks as it takes. */
    private interface Step {
        /** Returns true when done. */
        boolean act(long now);
    }

    private final SimulatedGun gun;
    private final Scenario scenario;
    private final boolean nappage;
    private final Deque<Step> steps = new ArrayDeque<>();
    private final List<String> notes = new ArrayList<>();
    private final List<SimFault> injected = new ArrayList<>();
    private int delivered;
    private int completedPoints;
    private int sessionPoints;
    private int needles = 1;
    private int syringes;
    private int alarms;
    private int suspectSyringes;
    private boolean configured;
    private boolean finished;
    private boolean acknowledging;
    private boolean givenUp;
    private int faultIndex;
    private long lastProgress;

    Clinician(SimulatedGun gun, Scenario scenario, boolean nappage) {
        this.gun = gun;
        this.scenario = scenario;
        this.nappage = nappage;
        for (Scenario.FaultAt f : scenario.faults()) {
            if (f.point() == 0) {
                // Broken from power-up: in the gun before it boots, and nobody here can mend it.
                gun.inject(f.fault());
                notes.add("broken from power-up: " + f.fault().cliName());
            }
        }
        double onSkinMs = scenario.world().skinAtPowerUpMs();
        if (onSkinMs > 0) {
            // The gun was on the patient when the power came back (a power cut mid-session).
            gun.setSkinContact(true);
            then(waitFor((long) (onSkinMs * MS)));
            then(now -> {
                gun.setSkinContact(false);
                return true;
            });
        }
        setup();
    }

    /** Acts for one tick of virtual time. */
    void act(long now) {
        if (finished) {
            return;
        }
        if (!acknowledging && !steps.isEmpty() && PanelReader.alarm(gun.panelText()) >= 0) {
            // An alarm interrupts whatever the clinician was doing: deal with it first.
            steps.clear();
            gun.pressUp(false);
            gun.pressDown(false);
            gun.pressSelect(false);
        }
        while (!steps.isEmpty()) {
            Step current = steps.peekFirst();
            if (!current.act(now)) {
                return;
            }
            // A step may have put steps of its own in front of the queue: remove only itself.
            steps.removeFirstOccurrence(current);
        }
        plan(now);
    }

    // ---- the plan ----

    private void setup() {
        then(waitUntil(t -> PanelReader.line1(t).equals("Protocol") || PanelReader.alarm(t) >= 0, 60_000));
        loadSyringe();
        prime();
        enterLot();
        configure();
    }

    /**
     * The protocol, depth and dose the scenario asks for, set on the panel. An alarm clears the
     * steps in hand (one at priming, say): until this has run to its end, a start sets them first.
     */
    private void configure() {
        chooseProtocol();
        if (!Double.isNaN(scenario.depthMm())) {
            setValue("Depth mm", scenario.depthMm(), 0.1);
        }
        if (!Double.isNaN(scenario.doseUl())) {
            setValue("Dose uL", scenario.doseUl(), 1);
        }
        then(t -> {
            configured = true;
            return true;
        });
    }

    /** Decides what to do next when the last thing is done. */
    private void plan(long now) {
        String text = gun.panelText();
        tally(text, now);
        int pts = PanelReader.points(text);
        if (PanelReader.alarm(text) >= 0) {
            acknowledge(text);
        } else if (text.startsWith("Syringe empty")) {
            then(t -> {
                gun.setSkinContact(false);
                gun.pressTrigger(false);
                return true;
            });
            press(Button.SELECT);
            swapSyringe();
        } else if (text.startsWith("CHANGE NEEDLE") || text.endsWith("Fit new needle")) {
            changeNeedle();
            if (text.endsWith("Fit new needle")) {
                press(Button.SELECT);   // leave the refusal screen
            }
        } else if (pts < 0) {
            if (delivered >= scenario.points()) {
                finished = true;
                return;
            }
            if (text.startsWith("Cannot start")) {
                press(Button.SELECT);   // read the reason, leave the screen, put it right
                String why = PanelReader.line2(text);
                if (why.equals("Prime first") || why.equals("Load syringe") || why.equals("Syringe empty")) {
                    if (!why.equals("Prime first")) {
                        loadSyringe();
                    }
                    prime();
                } else if (why.equals("Check syringe")) {
                    // The gun's plunger and its flow calibration disagreed on this syringe: try
                    // another once, then leave it to the technician.
                    if (++suspectSyringes > 1) {
                        notes.add("gave up: the gun says the syringe disagrees with its flow calibration");
                        givenUp = true;
                        finished = true;
                        return;
                    }
                    loadSyringe();
                    prime();
                } else if (why.equals("Enter the lot")) {
                    enterLot();
                } else if (why.equals("Dose too large") || why.equals("Dose too small")) {
                    // Nothing at the gun puts this right: the protocol needs perfusion, or
                    // a finer plunger sensor.
                    notes.add("gave up: the gun refused the dose (" + why + ")");
                    givenUp = true;
                    finished = true;
                }
                return;
            }
            if (!configured) {
                configure();   // an alarm broke into the setting of the session
                return;
            }
            start();
        } else if (delivered >= scenario.points()) {
            press(Button.SELECT);
            then(waitUntil(t -> t.startsWith("End session?"), 2_000));
            press(Button.SELECT);
            then(waitUntil(t -> PanelReader.points(t) < 0, 2_000));
        } else if (now - lastProgress > 120_000 * MS) {
            notes.add("gave up: no progress for 2 minutes; panel shows '" + text + "'");
            givenUp = true;
            finished = true;
        } else {
            point(pts);
        }
    }

    private void start() {
        navigate("Start session");
        press(Button.SELECT);
        then(now -> {
            String t = gun.panelText();
            if (t.startsWith("Over soft limit")) {
                steps.addFirst(pressStep(Button.SELECT));
            }
            return true;
        });
        then(waitUntil(t -> PanelReader.points(t) >= 0 || t.startsWith("Cannot start")
                || PanelReader.alarm(t) >= 0, 2_000));
    }

    private void point(int pointsShown) {
        int target = pointsShown + (isNappage() ? Math.min(scenario.pointsPerPass(),
                scenario.points() - delivered) : 1);
        then(now -> {
            injectDue(delivered + 1);
            gun.setSkinContact(true);
            return true;
        });
        then(waitFor(20 * MS));
        then(now -> {
            gun.pressTrigger(true);
            return true;
        });
        then(new Step() {
            long start = -1;
            long lockedSince = -1;

            @Override
            public boolean act(long now) {
                if (start < 0) {
                    start = now;
                }
                String t = gun.panelText();
                // The lock-out can show while the last allowed shot is still under way: wait for it.
                lockedSince = t.startsWith("CHANGE NEEDLE") ? (lockedSince < 0 ? now : lockedSince) : -1;
                return PanelReader.points(t) >= target || PanelReader.alarm(t) >= 0
                        || lockedSince >= 0 && now - lockedSince > 300 * MS || now - start > 5_000 * MS;
            }
        });
        then(now -> {
            gun.pressTrigger(false);
            tally(gun.panelText(), now);
            return true;
        });
        then(waitFor(40 * MS));
        then(now -> {
            gun.setSkinContact(false);
            return true;
        });
        then(waitFor(scenario.gapMs() * MS));
    }

    /** Counts points as the panel shows them: "P<n>" in a session, folded in when it ends. */
    private void tally(String text, long now) {
        int p = PanelReader.points(text);
        if (p >= 0) {
            if (p < sessionPoints) {
                completedPoints += sessionPoints;   // a new session began
            } else if (p > sessionPoints) {
                lastProgress = now;
            }
            sessionPoints = p;
        } else if (PanelReader.alarm(text) >= 0 || PanelReader.isMenu(text)) {
            completedPoints += sessionPoints;
            sessionPoints = 0;
        }
        delivered = completedPoints + sessionPoints;
    }

    private void injectDue(int point) {
        while (faultIndex < scenario.faults().size() && scenario.faults().get(faultIndex).point() <= point) {
            if (scenario.faults().get(faultIndex).point() == 0) {
                faultIndex++;   // injected at power-up
                continue;
            }
            SimFault f = scenario.faults().get(faultIndex++).fault();
            gun.inject(f);
            injected.add(f);
            notes.add("injected " + f.cliName() + " at point " + point);
        }
    }

    private void acknowledge(String text) {
        acknowledging = true;
        alarms++;
        notes.add("alarm " + PanelReader.alarm(text) + " at point " + (delivered + 1));
        then(now -> {
            gun.pressTrigger(false);
            gun.setSkinContact(false);
            gun.pressStop(false);
            // The cause is found and fixed before the alarm is acknowledged.
            for (SimFault f : injected) {
                if (f != SimFault.POWER_LOSS && f != SimFault.LOOP_PAUSE) {
                    gun.clear(f);
                }
            }
            injected.clear();
            return true;
        });
        then(waitFor(300 * MS));
        press(Button.SELECT);
        then(waitUntil(t -> !t.startsWith("Homing") && PanelReader.alarm(t) < 0, 30_000));
        then(t -> {
            acknowledging = false;
            return true;
        });
    }

    /** Load syringe from the menu: the gun asks for it, and it is swapped. */
    private void loadSyringe() {
        navigate("Load syringe");
        press(Button.SELECT);
        swapSyringe();
    }

    /** Prime from the menu, off the skin, until the gun says primed (or an alarm). */
    private void prime() {
        navigate("Prime");
        press(Button.SELECT);
        then(waitUntil(t -> t.startsWith("Prime | primed") || PanelReader.alarm(t) >= 0, 20_000));
    }

    /** The gun shows "Change syringe": swap it, tell the gun, and wait for the priming. */
    private void swapSyringe() {
        then(waitUntil(t -> t.startsWith("Change syringe") || PanelReader.alarm(t) >= 0, 2_000));
        then(t -> {
            if (gun.panelText().startsWith("Change syringe")) {
                gun.loadSyringe(gun.spec().syringeVolumeUl);
                syringes++;
                notes.add("new syringe loaded after point " + delivered);
            }
            return true;
        });
        then(waitFor(200 * MS));
        press(Button.SELECT);
        then(waitUntil(t -> !busy(t) && !t.startsWith("Change syringe"), 30_000));
        enterFill();
    }

    /**
     * A gun without a plunger sensor asks how full the syringe is: the clinician reads it off the
     * syringe's scale, to the half millilitre below, and confirms. A gun with one asks nothing.
     */
    private void enterFill() {
        then(new PressUntil() {
            @Override
            boolean waiting() {
                return busy(gun.panelText());
            }

            @Override
            Button next() {
                String t = gun.panelText();
                if (!t.startsWith("Syringe fill")) {
                    return null;
                }
                double shownUl = Double.parseDouble(PanelReader.line2(t).split(" ")[0]) * 1000;
                double trueUl = gun.spec().syringeVolumeUl * gun.spec().syringeFill;
                double readUl = Math.floor(trueUl / 500 + 1e-9) * 500;
                if (presses > 40) {
                    throw new IllegalStateException("the fill entry does not reach " + readUl + " uL: " + t);
                }
                return shownUl + 1e-6 < readUl ? Button.UP : Button.SELECT;
            }
        });
    }

    private void changeNeedle() {
        then(now -> {
            gun.setSkinContact(false);
            gun.pressTrigger(false);
            gun.removeNeedle();
            return true;
        });
        then(waitFor(500 * MS));
        then(now -> {
            gun.fitNeedle(true);
            needles++;
            return true;
        });
        then(waitFor(100 * MS));
        then(waitUntil(t -> !t.startsWith("Homing"), 30_000));
    }

    /**
     * Types the scenario's lot digit by digit, reading the panel before each press as a person
     * would: the digits start from whatever lot was entered before (a session that asked for the
     * lot again), so counting presses blindly from zero typed another lot.
     */
    private void enterLot() {
        navigate("Lot");
        then(new PressUntil() {
            boolean opened;

            @Override
            Button next() {
                if (!opened && PanelReader.line1(gun.panelText()).equals("Lot")) {
                    opened = true;
                    return Button.SELECT;
                }
                Button b = lotButton(gun.panelText());
                if (presses >= MAX_MENU_PRESSES * 10) {
                    throw new IllegalStateException("lot entry did not end; panel shows '" + gun.panelText() + "'");
                }
                return b;
            }
        });
    }

    /** In the lot's digit editor: UP until the digit shown is the wanted one, then SELECT; else null. */
    private Button lotButton(String text) {
        String l1 = PanelReader.line1(text);
        if (!l1.startsWith("Lot digit ")) {
            return null;
        }
        int k = Integer.parseInt(l1.substring("Lot digit ".length()).trim()) - 1;
        String want = String.format("%06d", scenario.lot() % 1_000_000);
        String shown = PanelReader.line2(text);
        return k < shown.length() && shown.charAt(k) == want.charAt(k) ? Button.SELECT : Button.UP;
    }

    private void chooseProtocol() {
        navigate("Protocol");
        then(new PressUntil() {
            @Override
            Button next() {
                if (PanelReader.line2(gun.panelText()).equals(scenario.protocol())) {
                    return null;
                }
                if (presses >= MAX_MENU_PRESSES) {
                    throw new IllegalStateException("protocol '" + scenario.protocol() + "' is not on the panel");
                }
                return Button.SELECT;
            }
        });
    }

    private void setValue(String item, double target, double step) {
        navigate(item);
        press(Button.SELECT);
        then(new PressUntil() {
            @Override
            Button next() {
                double shown = Double.parseDouble(PanelReader.line2(gun.panelText()));
                long n = Math.round((target - shown) / step);
                if (n == 0 || presses >= 400) {
                    return null;
                }
                return n > 0 ? Button.UP : Button.DOWN;
            }
        });
        press(Button.SELECT);
    }

    private void navigate(String line1Prefix) {
        then(new PressUntil() {
            int lotPresses;

            @Override
            boolean waiting() {
                return busy(gun.panelText());   // a person waits for the gun before pressing on
            }

            @Override
            Button next() {
                if (PanelReader.line1(gun.panelText()).startsWith(line1Prefix)) {
                    return null;
                }
                Button lot = lotButton(gun.panelText());
                if (lot != null) {
                    lotPresses++;
                    return lot;   // a lot entry an alarm broke into: finish it before moving on
                }
                if (PanelReader.line1(gun.panelText()).endsWith(" *")) {
                    lotPresses++;
                    return Button.SELECT;   // a value an alarm left in editing: leave it as it is
                }
                if (presses - lotPresses >= MAX_MENU_PRESSES) {
                    throw new IllegalStateException("menu item '" + line1Prefix + "' not found; panel shows '"
                            + gun.panelText() + "'");
                }
                return Button.DOWN;
            }
        });
    }

    /**
     * Presses one button at a time, reading the panel between presses, until {@link #next()}
     * says the panel shows what is wanted.
     */
    private abstract class PressUntil implements Step {
        private Step pending;
        /** Presses so far, for giving up. */
        int presses;

        /** The next button to press, or null when done. */
        abstract Button next();

        /** True while the clinician should wait without pressing. */
        boolean waiting() {
            return false;
        }

        @Override
        public final boolean act(long now) {
            if (pending != null) {
                if (!pending.act(now)) {
                    return false;
                }
                pending = null;
            }
            if (waiting()) {
                return false;
            }
            Button b = next();
            if (b == null) {
                return true;
            }
            presses++;
            pending = pressStep(b);
            return false;
        }
    }

    // ---- primitive steps ----

    private enum Button { UP, DOWN, SELECT }

    private void then(Step s) {
        steps.addLast(s);
    }

    private void press(Button b) {
        then(pressStep(b));
    }

    private Step pressStep(Button b) {
        return new Step() {
            long start = -1;

            @Override
            public boolean act(long now) {
                if (start < 0) {
                    start = now;
                    set(b, true);
                    return false;
                }
                if (now - start >= PRESS_NANOS) {
                    set(b, false);
                }
                return now - start >= 2 * PRESS_NANOS;
            }
        };
    }

    private void set(Button b, boolean pressed) {
        switch (b) {
            case UP -> gun.pressUp(pressed);
            case DOWN -> gun.pressDown(pressed);
            case SELECT -> gun.pressSelect(pressed);
        }
    }

    private Step waitFor(long nanos) {
        return new Step() {
            long start = -1;

            @Override
            public boolean act(long now) {
                if (start < 0) {
                    start = now;
                }
                return now - start >= nanos;
            }
        };
    }

    private Step waitUntil(Predicate<String> panel, long timeoutMs) {
        return new Step() {
            long start = -1;

            @Override
            public boolean act(long now) {
                if (start < 0) {
                    start = now;
                }
                return panel.test(gun.panelText()) || now - start >= timeoutMs * MS;
            }
        };
    }

    private static boolean busy(String panel) {
        return panel.startsWith("Homing") || panel.startsWith("Priming");
    }

    private boolean isNappage() {
        return nappage;
    }

    // ---- what happened ----

    boolean finished() {
        return finished;
    }

    boolean gaveUp() {
        return givenUp;
    }

    int delivered() {
        return delivered;
    }

    int needles() {
        return needles;
    }

    int syringes() {
        return syringes;
    }

    int alarms() {
        return alarms;
    }

    List<String> notes() {
        return notes;
    }
}
