package org.mesogun.console;

import static org.mesogun.console.CommandArgs.count;
import static org.mesogun.console.CommandArgs.fail;
import static org.mesogun.console.CommandArgs.number;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.mesogun.config.Calibration;
import org.mesogun.config.CalibrationCheck;
import org.mesogun.config.CalibrationStore;
import org.mesogun.config.ConfigException;
import org.mesogun.config.DepthCheck;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.SafetyLimits;
import org.mesogun.controller.Controller;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.LiveController;

/**
 * The calibration a technician builds at the console (requirements §6, SR-1, SR-13): the pending
 * draft ({@code CAL DEPTH}, {@code CAL CHECK}, {@code CAL DOSE}, a ZERO, {@code $name=value}), the
 * calibration in use, and {@code SAVE}, which checks, stores, audits and hands the loop a
 * controller built on it. A draft belongs to the login that typed it: it is discarded whenever
 * that login ends, so it is never saved under another name.
 */
final class CalibrationCommands {

    private final DeviceConfig config;
    private final CalibrationStore store;
    private final LiveController live;
    private final ConsoleEngine.Successor successor;
    private final Clock wall;
    private final ConsoleAccess access;
    private final ConsoleEngine engine;

    private Calibration active;
    private boolean activeValid;
    private String activeProblem;
    private Calibration draft;
    /** ZERO was done in this draft (the zero may be the same step count, still a new zero). */
    private boolean zeroed;
    private int lastShots;
    private double lastShotUl = Double.NaN;

    CalibrationCommands(DeviceConfig config, CalibrationStore store, Calibration active, boolean activeValid,
            String activeProblem, LiveController live, ConsoleEngine.Successor successor, Clock wall,
            ConsoleAccess access, ConsoleEngine engine) {
        this.config = config;
        this.store = store;
        this.live = live;
        this.successor = successor;
        this.wall = wall;
        this.access = access;
        this.engine = engine;
        this.active = active;
        this.activeValid = activeValid;
        this.activeProblem = activeProblem;
        this.draft = active;
    }

    /** {@code CAL DEPTH | CHECK | DOSE}. */
    void cal(String[] w) {
        String what = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
        if (w.length != 4 || !(what.equals("DEPTH") || what.equals("DOSE") || what.equals("CHECK"))) {
            throw fail(ConsoleError.BAD_SYNTAX, "CAL DEPTH <commanded_mm> <measured_mm> | CAL CHECK <commanded_mm>"
                    + " <measured_mm> | CAL DOSE <n> <total_ul>");
        }
        if (what.equals("CHECK")) {
            check(number(w[2], 0.5, 10), number(w[3], 0, 10));
        } else if (what.equals("DEPTH")) {
            double commanded = number(w[2], 0.5, 10);
            double measured = number(w[3], 0.5, 10);
            access.guard(true);
            if (draft.zeroStepsFromHome() == active.zeroStepsFromHome() && !zeroed) {
                throw fail(ConsoleError.NOT_ZEROED, null);
            }
            // The jog was made with the steps/mm in use, so that is what the ratio corrects.
            setDraft(Setting.STEPS_PER_MM, live.current().settings().stepsPerMm() * commanded / measured);
        } else {
            int n = count(w[2], 1, ServiceCommands.MAX_TESTSHOTS);
            double total = number(w[3], 0.1, 100_000);
            access.guard(true);
            if (Double.isNaN(lastShotUl) || n != lastShots) {
                throw fail(ConsoleError.BAD_SYNTAX, "CAL DOSE follows TESTSHOT with the same n");
            }
            // Each shot was open (ul - offset) / flow with the calibration in use; keep the offset.
            ControllerSettings s = live.current().settings();
            double perShot = total / n;
            double flow = s.flowUlPerMs() * (perShot - s.flowOffsetUl()) / (lastShotUl - s.flowOffsetUl());
            setDraft(Setting.FLOW_UL_PER_MS, flow);
        }
    }

    /**
     * CAL CHECK (SR-1): a gauge reading of the tip jogged to {@code commanded} mm with the depth
     * values in use, kept with them; a calibration arms only with a shallow and a deep one, each
     * within ±0.02 mm. It checks the values the gun runs on, so new ones are saved first.
     */
    private void check(double commanded, double measured) {
        access.guard(true);
        if (draft.stepsPerMm() != active.stepsPerMm() || draft.zeroStepsFromHome() != active.zeroStepsFromHome()) {
            throw fail(ConsoleError.BAD_SYNTAX, "SAVE the new steps/mm and zero first: a check measures the"
                    + " values the gun runs on");
        }
        double deepest = Math.min(config.needle().maxDepthMm(), SafetyLimits.MAX_DEPTH_MM)
                - SafetyLimits.DEPTH_MARGIN_MM;
        if (commanded > SafetyLimits.SHALLOW_CHECK_MAX_MM && commanded < deepest - 1e-9) {
            throw fail(ConsoleError.OUT_OF_RANGE, String.format(Locale.ROOT, "check at %.2f-%.2f mm (shallow) or"
                    + " at %.2f mm or deeper (deep)", SafetyLimits.MIN_DEPTH_MM, SafetyLimits.SHALLOW_CHECK_MAX_MM,
                    deepest));
        }
        long at = active.zeroStepsFromHome() + Math.round(commanded * active.stepsPerMm());
        long position = live.mailbox().position();
        if (Math.abs(position - at) > 1) {
            throw fail(ConsoleError.OUT_OF_RANGE, String.format(Locale.ROOT, "the tip is commanded at %.3f mm, not"
                    + " %.3f mm: JOG there first", (position - active.zeroStepsFromHome()) / active.stepsPerMm(),
                    commanded));
        }
        double off = measured - commanded;
        if (Math.abs(off) > SafetyLimits.DEPTH_CHECK_TOLERANCE_MM + 1e-9) {
            throw fail(ConsoleError.CALIBRATION_REJECTED, String.format(Locale.ROOT, "read %.3f mm at %.3f mm:"
                    + " off by %+.3f mm (limit ±%.2f): calibrate again (ZERO, CAL DEPTH, SAVE)", measured, commanded,
                    off, SafetyLimits.DEPTH_CHECK_TOLERANCE_MM));
        }
        draft = draft.withDepthCheck(draft.depthCheck().with(commanded, measured));
        engine.ok(String.format(Locale.ROOT, "[MSG:depth check at %.3f mm read %.3f (%+.3f mm)%s (pending: SAVE to"
                + " keep)]", commanded, measured, off, draft.depthCheck().complete() ? ", shallow and deep done"
                        : ", now the " + (commanded <= SafetyLimits.SHALLOW_CHECK_MAX_MM ? "deep" : "shallow") + " one"));
    }

    /** The loop did ZERO at {@code position}: the new zero is pending. */
    void zeroedAt(long position) {
        Calibration before = draft;
        draft = Setting.ZERO_STEPS.with(draft, position);
        zeroed = true;
        engine.ok("[MSG:zero_steps " + before.zeroStepsFromHome() + " -> " + draft.zeroStepsFromHome()
                + " (pending: SAVE to keep)]");
    }

    /** A TESTSHOT was posted: CAL DOSE divides by what it asked for. */
    void testShots(int n, double ul) {
        lastShots = n;
        lastShotUl = ul;
    }

    /** {@code $$} and {@code $name=value}. */
    void dollar(String line) {
        if (line.equals("$$")) {
            for (Setting s : Setting.values()) {
                engine.say(s.line(draft));
            }
            engine.ok(null);
            return;
        }
        int eq = line.indexOf('=');
        if (eq < 2 || line.indexOf(' ') >= 0) {
            throw fail(ConsoleError.BAD_SYNTAX, "$name=value");
        }
        Setting s = Setting.byKey(line.substring(1, eq)).orElseThrow(
                () -> fail(ConsoleError.UNKNOWN_COMMAND, "no setting " + CommandArgs.clip(line.substring(0, eq))));
        double v = number(line.substring(eq + 1), -1e7, 1e7);
        access.guard(true);
        setDraft(s, v);
    }

    private void setDraft(Setting s, double v) {
        if (!s.inRange(config, v)) {
            throw fail(ConsoleError.OUT_OF_RANGE, s.key() + "=" + s.format(v) + " outside [" + s.format(s.min(config))
                    + ", " + s.format(s.max(config)) + "]");
        }
        double old = s.get(draft);
        double kept = Double.parseDouble(s.format(v));
        draft = s.with(draft, kept);
        // A value typed more precisely than it is kept is answered with what is kept, said so.
        String rounded = kept == v ? "" : ", typed " + CommandArgs.plain(v) + ", kept to the setting's precision";
        engine.ok("[MSG:" + s.key() + " " + s.format(old) + " -> " + s.format(s.get(draft)) + rounded
                + " (pending: SAVE to keep)]");
    }

    void save(String[] w) {
        CommandArgs.words(w, 1, null);
        access.guard(true);
        boolean same = draft.depthCheck().equals(active.depthCheck());
        for (Setting s : Setting.values()) {
            same &= s.get(draft) == s.get(active);
        }
        if (same && activeValid) {
            throw fail(ConsoleError.NOTHING_TO_SAVE, null);
        }
        Calibration next = draft.revised(wall.instant(), access.user().user());
        next = new Calibration(next.stepsPerMm(), next.zeroStepsFromHome(), next.flowUlPerMs(), next.flowOffsetUl(),
                active.version() + 1, next.savedAt(), next.savedBy(), next.depthCheck());
        List<String> problems = CalibrationCheck.problems(next, config);
        if (!problems.isEmpty()) {
            throw fail(ConsoleError.CALIBRATION_REJECTED, String.join("; ", problems));
        }
        Controller c = successor.build(next);
        try {
            store.save(next);
        } catch (ConfigException e) {
            throw fail(ConsoleError.CALIBRATION_REJECTED, e.getMessage());
        } catch (IOException e) {
            throw fail(ConsoleError.STORAGE, e.getMessage());
        }
        for (Setting s : Setting.values()) {
            if (s.get(next) != s.get(active) || !activeValid) {
                engine.audited("calibration v" + next.version() + " " + s.key(), null, s.format(s.get(active)),
                        s.format(s.get(next)));
            }
        }
        if (!next.depthCheck().equals(active.depthCheck())) {
            // The gauge readings are what arms the depth values (SR-1): audited like a setting.
            engine.audited("calibration v" + next.version() + " depth_check", null, depthCheckText(active.depthCheck()),
                    depthCheckText(next.depthCheck()));
        }
        live.replaceWith(c);
        successor.saved(next);
        active = next;
        activeValid = true;
        activeProblem = null;
        draft = next;
        zeroed = false;
        List<String> arming = CalibrationCheck.armingProblems(next, config);
        engine.ok("[MSG:calibration v" + next.version() + " saved; the gun homes on it and leaves SERVICE"
                + (arming.isEmpty() ? "]" : "; it does not arm until: " + String.join("; ", arming) + "]"));
    }

    /** "1.000->1.001,3.960->3.958" (commanded->read, shallow then deep), or "none". */
    private static String depthCheckText(DepthCheck d) {
        if (!Double.isFinite(d.shallowMeasuredMm()) && !Double.isFinite(d.deepMeasuredMm())) {
            return "none";
        }
        return String.format(Locale.ROOT, "%.3f->%.3f,%.3f->%.3f", d.shallowCommandedMm(), d.shallowMeasuredMm(),
                d.deepCommandedMm(), d.deepMeasuredMm());
    }

    /** Unsaved calibration changes go (requirements §6): said when there were any. */
    void discardPending(String why) {
        if (!draft.equals(active) || zeroed) {
            engine.say("[MSG:pending changes discarded (" + why + ")]");
        }
        draft = active;
        zeroed = false;
    }

    Calibration active() {
        return active;
    }

    Calibration draft() {
        return draft;
    }

    boolean activeValid() {
        return activeValid;
    }

    /** Why the calibration in use is not valid (null when it is). */
    String activeProblem() {
        return activeProblem;
    }
}
