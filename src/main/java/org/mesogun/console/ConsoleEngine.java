package org.mesogun.console;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.mesogun.config.AccountStore;
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
import org.mesogun.controller.ServiceMailbox;
import org.mesogun.controller.ServiceMailbox.Op;
import org.mesogun.controller.ServiceMailbox.Result;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;

/**
 * The technician console's protocol (requirements §6), independent of the transport: bytes in through
 * {@link #receive}, reply lines out through the given consumer, {@link #poll} called often (by
 * the transport's reader thread) to finish commands the loop has answered and push alarms.
 * Single-threaded: one transport thread owns it. It never waits for the loop: a command that
 * acts on the gun is posted to the {@link ServiceMailbox} and answered when the loop has done it;
 * lines that arrive meanwhile wait in a short queue, realtime bytes act at once.
 */
public final class ConsoleEngine implements LineAssembler.Sink {

    /** Builds a controller on a new calibration (the successor the loop swaps in). */
    @FunctionalInterface
    public interface Successor {
        Controller build(Calibration calibration);

        /** The calibration is saved and handed to the loop (telemetry republishes its birth). */
        default void saved(Calibration calibration) {
        }
    }

    static final int MAX_QUEUED = 16;
    static final long COMMAND_TIMEOUT_NANOS = 60_000_000_000L;
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]{1,7}(\\.[0-9]{1,7})?");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,4}");
    static final int MAX_TESTSHOTS = 50;

    private final DeviceConfig config;
    private final CalibrationStore store;
    private final AuditLog audit;
    private final LiveController live;
    private final ServiceMailbox mailbox;
    private final Successor successor;
    private final Clock wall;
    private final LongSupplier powered;
    private final LongSupplier monotonic;
    private final Consumer<String> out;
    private final LineAssembler lines = new LineAssembler(this);
    private final ConsoleAccess access;
    private final ArrayDeque<String> queued = new ArrayDeque<>();

    private Calibration active;
    private boolean activeValid;
    private String activeProblem;
    private Calibration draft;
    private Op pending;
    private long pendingSince;
    private FaultCode lastFault;
    /** Local echo, on by default (ECHO ON|OFF; needs no login: it changes nothing in the gun). */
    private boolean echoOn = true;
    private Consumer<String> echoOut;
    private final StringBuilder echoBuf = new StringBuilder();
    /** The status line has gone out to this connection (on its first byte). */
    private boolean greeted;
    /** The telemetry's state for the status line (see {@link #telemetry}); "off" without it. */
    private java.util.function.Supplier<String> telemetry = () -> "off";
    private int lastShots;
    private double lastShotUl = Double.NaN;

    public ConsoleEngine(DeviceConfig config, CalibrationStore store, Calibration active, boolean activeValid,
            String activeProblem, AccountStore accounts, AuditLog audit, LiveController live, Successor successor,
            Clock wall, LongSupplier monotonicNanos, Consumer<String> out) {
        this.config = config;
        this.store = store;
        this.audit = audit;
        this.live = live;
        this.mailbox = live.mailbox();
        this.successor = successor;
        this.wall = wall;
        this.powered = live::nowNanos;
        this.monotonic = monotonicNanos;
        this.out = out;
        this.access = new ConsoleAccess(this, accounts, live, new PinLockout(powered, accounts.directory()),
                monotonicNanos, config.serial().loginIdleS() * 1_000_000_000L);
        this.active = active;
        this.activeValid = activeValid;
        this.activeProblem = activeProblem;
        this.draft = active;
    }

    /**
     * What {@code ?} says of telemetry: {@code connected}, {@code offline} or {@code journal} (no
     * broker), with the backlog, and on a second line the last error when offline (an expired
     * certificate is not silent until the journal fills).
     */
    public void telemetry(java.util.function.Supplier<String> state) {
        this.telemetry = state;
    }

    /**
     * Where the typing is echoed, raw (no line end added): the serial port's writer. Without it
     * (the engine driven in-process) nothing is echoed.
     */
    public void echoTo(Consumer<String> raw) {
        this.echoOut = raw;
    }

    /** Bytes from the transport. */
    public void receive(byte[] bytes, int n) {
        if (!greeted && n > 0) {
            // A three-wire UART cannot tell that a terminal connected: the first byte says so. The
            // technician sees where the gun stands, a latched alarm raised earlier included.
            greeted = true;
            if (bytes[0] != LineAssembler.STATUS) {
                status().lines().forEach(out);
                FaultCode f = live.fault();
                if (f != null) {
                    out.accept("[MSG:latched ALARM " + f.code() + " " + f.name() + ": FAULTS says more, ACK clears it]");
                }
            }
        }
        for (int i = 0; i < n; i++) {
            lines.accept(bytes[i]);
        }
        flushEcho();
    }

    @Override
    public void echo(String s) {
        if (echoOn && echoOut != null) {
            echoBuf.append(s);
        }
    }

    /** What was typed goes out before what is answered to it, in one write per batch of bytes. */
    private void flushEcho() {
        if (echoBuf.length() > 0) {
            echoOut.accept(echoBuf.toString());
            echoBuf.setLength(0);
        }
    }

    public void receive(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        receive(b, b.length);
    }

    /** Finishes a command the loop has answered, runs queued lines, pushes a new alarm. */
    public void poll() {
        access.poll(pending == null);
        FaultCode f = live.fault();
        if (f != null && f != lastFault) {
            out.accept("ALARM:" + f.code());
        }
        lastFault = f;
        if (pending != null) {
            Result r = mailbox.poll();
            if (r != null) {
                Op op = pending;
                pending = null;
                answered(op, r);
            } else if (monotonic.getAsLong() - pendingSince > COMMAND_TIMEOUT_NANOS) {
                pending = null;
                out.accept(ConsoleError.TIMEOUT.line(null));
            }
        }
        while (pending == null && !queued.isEmpty()) {
            execute(queued.poll());
        }
    }

    public boolean idle() {
        return pending == null && queued.isEmpty();
    }

    // ---- LineAssembler.Sink ----

    @Override
    public void realtime(byte b) {
        flushEcho();
        switch (b) {
            case LineAssembler.STATUS -> status().lines().forEach(out);
            case LineAssembler.HOLD -> {
                mailbox.requestHold();
                out.accept("[MSG:hold]");
            }
            default -> {
                mailbox.requestReset();
                queued.clear();
                discardPending("reset");
                out.accept("[MSG:reset: safe idle]");
            }
        }
    }

    @Override
    public void rejected(ConsoleError why) {
        flushEcho();
        if (pending == null && queued.isEmpty()) {
            out.accept(why.line(null));
        } else {
            queued.add("\u0000" + why.name());   // answered in order, after the running command
        }
    }

    @Override
    public void line(String line) {
        flushEcho();
        if (pending != null || !queued.isEmpty()) {
            if (queued.size() >= MAX_QUEUED) {
                out.accept(ConsoleError.BUSY.line("queue full"));
            } else {
                queued.add(line);
            }
            return;
        }
        execute(line);
    }

    // ---- commands ----

    private void execute(String raw) {
        access.commandArrived();
        if (raw.startsWith("\u0000")) {
            out.accept(ConsoleError.valueOf(raw.substring(1)).line(null));
            return;
        }
        String line = raw.strip();
        if (line.isEmpty()) {
            out.accept("ok");
            return;
        }
        String[] w = line.split("\\s+");
        String cmd = w[0].toUpperCase(Locale.ROOT);
        try {
            if (cmd.startsWith("$")) {
                dollar(line);
                return;
            }
            switch (cmd) {
                case "HELP" -> {
                    if (w.length == 1) {
                        help();
                    } else {
                        String h = CommandHelp.of(w[1]);
                        if (h == null) {
                            throw fail(ConsoleError.BAD_SYNTAX, "no command " + clip(w[1]) + "; HELP lists them");
                        }
                        ok("[HELP:" + h + "]");
                    }
                }
                case "ECHO" -> echoCommand(w);
                case "VERSION" -> ok("[VER:mesogun " + version() + "|config=" + config.configId() + "|cal=v"
                        + active.version() + "]");
                case "LOGIN" -> access.login(w);
                case "LOGOUT" -> {
                    access.logout();
                    ok(null);
                }
                case "PIN" -> access.pin(w);
                case "USER" -> access.user(w);
                case "SERVICE" -> service(w);
                case "HOME" -> gun(w, 1, Op.HOME, 0, 0);
                case "JOG" -> jog(w);
                case "ZERO" -> gun(w, 1, Op.ZERO, 0, 0);
                case "PRIME" -> gun(w, 1, Op.PRIME, 0, 5);
                case "TESTSHOT" -> testshot(w);
                case "CAL" -> cal(w);
                case "SAVE" -> save(w);
                case "FAULTS" -> faults();
                case "ACK" -> ack(w);
                case "LOG" -> log(w);
                case "SELFTEST" -> selftest();
                default -> err(ConsoleError.UNKNOWN_COMMAND, cmd.length() > 20 ? cmd.substring(0, 20) : cmd);
            }
        } catch (ConsoleException e) {
            out.accept(e.error.line(e.getMessage()));
        }
    }

    static final class ConsoleException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ConsoleError error;

        ConsoleException(ConsoleError error, String detail) {
            super(detail, null, false, false);
            this.error = error;
        }
    }

    static ConsoleException fail(ConsoleError e, String detail) {
        return new ConsoleException(e, detail);
    }

    private void help() {
        for (String h : List.of(
                "[HELP:? status | ! hold | Ctrl-X reset | HELP [command] | VERSION | ECHO ON|OFF | $$ | $name=value]",
                "[HELP:LOGIN <user> <pin> | LOGOUT | PIN SET <new> | USER ADD <user> <pin> [technician|admin] | USER DEL <user>]",
                "[HELP:SERVICE ON|OFF | HOME | JOG <mm> | ZERO | CAL DEPTH <commanded_mm> <measured_mm>"
                        + " | CAL CHECK <commanded_mm> <measured_mm>]",
                "[HELP:PRIME | TESTSHOT <n> <ul> | CAL DOSE <n> <measured_total_ul> | SAVE]",
                "[HELP:FAULTS | ACK | LOG [n] | SELFTEST]",
                "[HELP:depth: SERVICE ON, HOME, JOG until the tip is flush, ZERO, JOG <d>, measure, CAL DEPTH <d> <measured>,"
                        + " SAVE; then SERVICE ON, HOME (to park, 1 mm behind zero), JOG 2, measure, CAL CHECK 1"
                        + " <measured>, JOG 2.96, measure, CAL CHECK 3.96 <measured>, HOME, SAVE]",
                "[HELP:dose: PRIME, TESTSHOT <n> <ul> into a cup, weigh, CAL DOSE <n> <total_ul>; then SAVE]")) {
            out.accept(h);
        }
        ok(null);
    }

    private void service(String[] w) {
        String arg = w.length == 2 ? w[1].toUpperCase(Locale.ROOT) : "";
        if (!arg.equals("ON") && !arg.equals("OFF")) {
            throw fail(ConsoleError.BAD_SYNTAX, "SERVICE ON|OFF");
        }
        access.guard(false);
        post(arg.equals("ON") ? Op.SERVICE_ON : Op.SERVICE_OFF, 0, 0);
    }

    private void gun(String[] w, int words, Op op, double arg, int count) {
        if (w.length != words) {
            throw fail(ConsoleError.BAD_SYNTAX, null);
        }
        access.guard(true);
        post(op, arg, count);
    }

    private void jog(String[] w) {
        if (w.length != 2) {
            throw fail(ConsoleError.BAD_SYNTAX, "JOG <mm>");
        }
        double mm = number(w[1], -40, 40);
        gun(w, 2, Op.JOG, mm, 0);
    }

    private void testshot(String[] w) {
        if (w.length != 3) {
            throw fail(ConsoleError.BAD_SYNTAX, "TESTSHOT <n> <ul>");
        }
        int n = count(w[1], 1, MAX_TESTSHOTS);
        double maxUl = active.flowUlPerMs() * config.valve().maxOpenMs() + active.flowOffsetUl();
        double ul = number(w[2], 1, Math.floor(maxUl));
        access.guard(true);
        lastShots = n;
        lastShotUl = ul;
        post(Op.TESTSHOT, ul, n);
    }

    private void cal(String[] w) {
        String what = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
        if (w.length != 4 || !(what.equals("DEPTH") || what.equals("DOSE") || what.equals("CHECK"))) {
            throw fail(ConsoleError.BAD_SYNTAX, "CAL DEPTH <commanded_mm> <measured_mm> | CAL CHECK <commanded_mm>"
                    + " <measured_mm> | CAL DOSE <n> <total_ul>");
        }
        if (what.equals("CHECK")) {
            calCheck(number(w[2], 0.5, 10), number(w[3], 0, 10));
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
            int n = count(w[2], 1, MAX_TESTSHOTS);
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

    private boolean zeroed;

    /**
     * CAL CHECK (SR-1): a gauge reading of the tip jogged to {@code commanded} mm with the depth
     * values in use, kept with them; a calibration arms only with a shallow and a deep one, each
     * within ±0.02 mm. It checks the values the gun runs on, so new ones are saved first.
     */
    private void calCheck(double commanded, double measured) {
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
        long position = mailbox.position();
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
        ok(String.format(Locale.ROOT, "[MSG:depth check at %.3f mm read %.3f (%+.3f mm)%s (pending: SAVE to keep)]",
                commanded, measured, off, draft.depthCheck().complete() ? ", shallow and deep done"
                        : ", now the " + (commanded <= SafetyLimits.SHALLOW_CHECK_MAX_MM ? "deep" : "shallow") + " one"));
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
        String rounded = kept == v ? "" : ", typed " + plain(v) + ", kept to the setting's precision";
        ok("[MSG:" + s.key() + " " + s.format(old) + " -> " + s.format(s.get(draft)) + rounded
                + " (pending: SAVE to keep)]");
    }

    private void dollar(String line) {
        if (line.equals("$$")) {
            for (Setting s : Setting.values()) {
                out.accept(s.line(draft));
            }
            ok(null);
            return;
        }
        int eq = line.indexOf('=');
        if (eq < 2 || line.indexOf(' ') >= 0) {
            throw fail(ConsoleError.BAD_SYNTAX, "$name=value");
        }
        Setting s = Setting.byKey(line.substring(1, eq))
                .orElseThrow(() -> fail(ConsoleError.UNKNOWN_COMMAND, "no setting " + clip(line.substring(0, eq))));
        double v = number(line.substring(eq + 1), -1e7, 1e7);
        access.guard(true);
        setDraft(s, v);
    }

    private void save(String[] w) {
        if (w.length != 1) {
            throw fail(ConsoleError.BAD_SYNTAX, null);
        }
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
                audited("calibration v" + next.version() + " " + s.key(), null, s.format(s.get(active)),
                        s.format(s.get(next)));
            }
        }
        if (!next.depthCheck().equals(active.depthCheck())) {
            // The gauge readings are what arms the depth values (SR-1): audited like a setting.
            audited("calibration v" + next.version() + " depth_check", null, depthCheckText(active.depthCheck()),
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
        ok("[MSG:calibration v" + next.version() + " saved; the gun homes on it and leaves SERVICE"
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

    private void ack(String[] w) {
        if (w.length != 1) {
            throw fail(ConsoleError.BAD_SYNTAX, null);
        }
        access.guard(false);
        post(Op.ACK, 0, 0);
    }

    private void faults() {
        FaultCode f = live.fault();
        out.accept(f == null ? "[FAULT:none]" : "[FAULT:" + f.code() + " " + f.name() + " " + f.requirement() + " "
                + f.text() + "]");
        if (!activeValid) {
            out.accept("[FAULT:calibration " + activeProblem + "]");
        }
        ok(null);
    }

    private void log(String[] w) {
        int n = w.length == 2 ? count(w[1], 1, 100) : 10;
        if (w.length > 2) {
            throw fail(ConsoleError.BAD_SYNTAX, "LOG [n]");
        }
        try {
            for (String l : audit.tail(n)) {
                out.accept("[LOG:" + l.replace('\t', ' ') + "]");
            }
        } catch (IOException e) {
            throw fail(ConsoleError.STORAGE, e.getMessage());
        }
        ok(null);
    }

    private void selftest() {
        out.accept("[SELFTEST:config " + config.configId() + " ok]");
        out.accept("[SELFTEST:calibration v" + active.version() + (activeValid ? " valid]" : " INVALID: " + activeProblem + "]"));
        out.accept("[SELFTEST:axis " + (live.homed() ? "homed" : "NOT homed") + "]");
        FaultCode f = live.fault();
        out.accept("[SELFTEST:fault " + (f == null ? "none" : f.code() + " " + f.name()) + "]");
        ok(null);
    }

    // ---- the loop hand-off ----

    private void post(Op op, double arg, int count) {
        if (!mailbox.post(op, arg, count)) {
            throw fail(ConsoleError.BUSY, null);
        }
        pending = op;
        pendingSince = monotonic.getAsLong();
    }

    private void answered(Op op, Result r) {
        if (r == Result.OUT_OF_TRAVEL) {
            out.accept(error(r).line(travel()));
            return;
        }
        if (op == Op.ZERO && r == Result.OUT_OF_RANGE) {
            out.accept(error(r).line("ZERO at park: the tip is behind the nose there; JOG until it is flush, then ZERO"));
            return;
        }
        if (r != Result.OK) {
            out.accept(error(r).line(op.name()));
            return;
        }
        if (op == Op.SERVICE_OFF) {
            discardPending("SERVICE OFF");
        }
        if (op == Op.ZERO) {
            Calibration before = draft;
            draft = Setting.ZERO_STEPS.with(draft, mailbox.position());
            zeroed = true;
            ok("[MSG:zero_steps " + before.zeroStepsFromHome() + " -> " + draft.zeroStepsFromHome()
                    + " (pending: SAVE to keep)]");
            return;
        }
        if (op == Op.JOG || op == Op.HOME) {
            ok("[MSG:at " + mailbox.position() + " steps]");
            return;
        }
        ok(null);
    }

    private static ConsoleError error(Result r) {
        return switch (r) {
            case NOT_IN_SERVICE -> ConsoleError.NOT_IN_SERVICE;
            case NOT_IDLE -> ConsoleError.NOT_IDLE;
            case SESSION_RUNNING -> ConsoleError.SESSION_RUNNING;
            case FAULT_LATCHED -> ConsoleError.FAULT_LATCHED;
            case NOT_HOMED -> ConsoleError.NOT_HOMED;
            case OUT_OF_TRAVEL, OUT_OF_RANGE -> ConsoleError.OUT_OF_RANGE;
            case SKIN_CONTACT -> ConsoleError.SKIN_CONTACT;
            case HELD -> ConsoleError.HELD;
            default -> ConsoleError.FAILED;
        };
    }

    private void echoCommand(String[] w) {
        String arg = w.length == 2 ? w[1].toUpperCase(Locale.ROOT) : "";
        if (!arg.equals("ON") && !arg.equals("OFF")) {
            throw fail(ConsoleError.BAD_SYNTAX, "ECHO ON|OFF");
        }
        echoOn = arg.equals("ON");
        ok(null);
    }

    /**
     * A JOG past the travel names the travel: from home to the deepest command the monitor allows,
     * in depth mm, where the tip is, and so how far each way it may go.
     */
    private String travel() {
        ControllerSettings s = live.current().settings();
        long deepest = Math.min(Math.round(s.travelMm() * s.stepsPerMm()), live.current().monitor().depthLimitSteps());
        long at = mailbox.position();
        return String.format(Locale.ROOT, "JOG: the travel is %.2f mm (home) to %.2f mm deep; the tip is at %.2f mm,"
                + " so JOG %+.2f to %+.2f", s.stepsToDepthMm(0), s.stepsToDepthMm(deepest), s.stepsToDepthMm(at),
                -at / s.stepsPerMm(), (deepest - at) / s.stepsPerMm());
    }

    /** A double as typed, without exponent or trailing zeros. */
    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    // ---- access ----

    /** Unsaved calibration changes go (requirements §6): said when there were any. */
    void discardPending(String why) {
        if (!draft.equals(active) || zeroed) {
            out.accept("[MSG:pending changes discarded (" + why + ")]");
        }
        draft = active;
        zeroed = false;
    }

    // ---- helpers ----

    private String status() {
        ControllerSettings s = live.current().settings();
        FaultCode f = live.fault();
        String st = live.state().name();
        String tel = telemetry.get();
        int cut = tel.indexOf('\n');
        return String.format(Locale.ROOT, "<%s|depth=%.2f|needle=%d/%d|res=%.0fuL|fault=%s|mqtt=%s>",
                st.charAt(0) + st.substring(1).toLowerCase(Locale.ROOT), s.stepsToDepthMm(live.positionSteps()),
                live.punctures(), live.punctureLimit(), Math.max(0, live.reservoirUl()), f == null ? "none" : f.code(),
                cut < 0 ? tel : tel.substring(0, cut)) + (cut < 0 ? "" : "\n[MSG:" + tel.substring(cut + 1) + "]");
    }

    void audited(String what, String subject, String old, String now) {
        String who = access.user() == null ? "-" : access.user().user();
        try {
            audit.append(new AuditRecord(wall.instant(), powered.getAsLong(), who,
                    subject == null ? what : what + " " + subject, old, now));
        } catch (IOException e) {
            out.accept("[MSG:audit log not written: " + e.getMessage() + "]");
        }
    }

    private static double number(String text, double min, double max) {
        if (!NUMBER.matcher(text).matches()) {
            throw fail(ConsoleError.BAD_SYNTAX, "not a number: " + clip(text));
        }
        double v = Double.parseDouble(text);
        if (v < min || v > max) {
            throw fail(ConsoleError.OUT_OF_RANGE, text + " outside [" + min + ", " + max + "]");
        }
        return v;
    }

    private static int count(String text, int min, int max) {
        if (!COUNT.matcher(text).matches()) {
            throw fail(ConsoleError.BAD_SYNTAX, "not a count: " + clip(text));
        }
        int v = Integer.parseInt(text);
        if (v < min || v > max) {
            throw fail(ConsoleError.OUT_OF_RANGE, text + " outside [" + min + ", " + max + "]");
        }
        return v;
    }

    static String clip(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }

    /** A line to the technician (the transport adds the line end). */
    void say(String line) {
        out.accept(line);
    }

    void ok(String data) {
        if (data != null) {
            out.accept(data);
        }
        out.accept("ok");
    }

    private void err(ConsoleError e, String detail) {
        out.accept(e.line(detail));
    }

    private static String version() {
        String v = ConsoleEngine.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    // ---- for the transport and tests ----

    public Calibration activeCalibration() {
        return active;
    }

    public Calibration draftCalibration() {
        return draft;
    }
}
