package org.mesogun.console;

import static org.mesogun.console.CommandArgs.fail;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mesogun.config.AccountStore;
import org.mesogun.config.Calibration;
import org.mesogun.config.CalibrationStore;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.Controller;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.LiveController;
import org.mesogun.controller.ServiceMailbox;
import org.mesogun.controller.ServiceMailbox.Op;
import org.mesogun.controller.ServiceMailbox.Result;
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

    private final DeviceConfig config;
    private final AuditLog audit;
    private final LiveController live;
    private final ServiceMailbox mailbox;
    private final Clock wall;
    private final LongSupplier powered;
    private final LongSupplier monotonic;
    private final Consumer<String> out;
    private final LineAssembler lines = new LineAssembler(this);
    private final ConsoleAccess access;
    private final ArrayDeque<String> queued = new ArrayDeque<>();

    private final CalibrationCommands calibration;
    private final ServiceCommands service;
    private Op pending;
    private Answer pendingAnswer;
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

    public ConsoleEngine(DeviceConfig config, CalibrationStore store, Calibration active, boolean activeValid,
            String activeProblem, AccountStore accounts, AuditLog audit, LiveController live, Successor successor,
            Clock wall, LongSupplier monotonicNanos, Consumer<String> out) {
        this.config = config;
        this.audit = audit;
        this.live = live;
        this.mailbox = live.mailbox();
        this.wall = wall;
        this.powered = live::nowNanos;
        this.monotonic = monotonicNanos;
        this.out = out;
        this.access = new ConsoleAccess(this, accounts, live, new PinLockout(powered, accounts.directory()),
                monotonicNanos, config.serial().loginIdleS() * 1_000_000_000L);
        this.calibration = new CalibrationCommands(config, store, active, activeValid, activeProblem, live, successor,
                wall, access, this);
        this.service = new ServiceCommands(config, live, access, calibration, this);
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
                pendingAnswer.answered(op, r);
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
                calibration.dollar(line);
                return;
            }
            switch (cmd) {
                case "HELP" -> {
                    if (w.length == 1) {
                        help();
                    } else {
                        String h = CommandHelp.of(w[1]);
                        if (h == null) {
                            throw fail(ConsoleError.BAD_SYNTAX, "no command " + CommandArgs.clip(w[1]) + "; HELP lists them");
                        }
                        ok("[HELP:" + h + "]");
                    }
                }
                case "ECHO" -> echoCommand(w);
                case "VERSION" -> ok("[VER:mesogun " + version() + "|config=" + config.configId() + "|cal=v"
                        + calibration.active().version() + "]");
                case "LOGIN" -> access.login(w);
                case "LOGOUT" -> {
                    access.logout();
                    ok(null);
                }
                case "PIN" -> access.pin(w);
                case "USER" -> access.user(w);
                case "SERVICE" -> service.service(w);
                case "HOME" -> service.simple(w, Op.HOME);
                case "JOG" -> service.jog(w);
                case "ZERO" -> service.simple(w, Op.ZERO);
                case "PRIME" -> service.simple(w, Op.PRIME);
                case "TESTSHOT" -> service.testshot(w);
                case "CAL" -> calibration.cal(w);
                case "SAVE" -> calibration.save(w);
                case "FAULTS" -> faults();
                case "ACK" -> service.ack(w);
                case "LOG" -> log(w);
                case "SELFTEST" -> selftest();
                default -> err(ConsoleError.UNKNOWN_COMMAND, cmd.length() > 20 ? cmd.substring(0, 20) : cmd);
            }
        } catch (CommandArgs.Refused e) {
            out.accept(e.line());
        }
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

    private void faults() {
        FaultCode f = live.fault();
        out.accept(f == null ? "[FAULT:none]" : "[FAULT:" + f.code() + " " + f.name() + " " + f.requirement() + " "
                + f.text() + "]");
        if (!calibration.activeValid()) {
            out.accept("[FAULT:calibration " + calibration.activeProblem() + "]");
        }
        ok(null);
    }

    private void log(String[] w) {
        int n = w.length == 2 ? CommandArgs.count(w[1], 1, 100) : 10;
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
        Calibration active = calibration.active();
        out.accept("[SELFTEST:calibration v" + active.version() + (calibration.activeValid() ? " valid]"
                : " INVALID: " + calibration.activeProblem() + "]"));
        out.accept("[SELFTEST:axis " + (live.homed() ? "homed" : "NOT homed") + "]");
        FaultCode f = live.fault();
        out.accept("[SELFTEST:fault " + (f == null ? "none" : f.code() + " " + f.name()) + "]");
        ok(null);
    }

    // ---- the loop hand-off ----

    /** Who answers a command posted to the loop, when the loop has done it. */
    interface Answer {
        void answered(Op op, Result r);
    }

    void post(Op op, double arg, int count, Answer answer) {
        if (!mailbox.post(op, arg, count)) {
            throw fail(ConsoleError.BUSY, null);
        }
        pending = op;
        pendingAnswer = answer;
        pendingSince = monotonic.getAsLong();
    }

    private void echoCommand(String[] w) {
        String arg = w.length == 2 ? w[1].toUpperCase(Locale.ROOT) : "";
        if (!arg.equals("ON") && !arg.equals("OFF")) {
            throw fail(ConsoleError.BAD_SYNTAX, "ECHO ON|OFF");
        }
        echoOn = arg.equals("ON");
        ok(null);
    }

    /** Unsaved calibration changes go (requirements §6): said when there were any. */
    void discardPending(String why) {
        calibration.discardPending(why);
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
        return calibration.active();
    }

    public Calibration draftCalibration() {
        return calibration.draft();
    }
}
