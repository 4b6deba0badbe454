package org.mesogun.controller;

import org.mesogun.config.Mode;
import org.mesogun.config.Protocol;
import org.mesogun.controller.safety.Activity;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.SafetyMonitor;
import org.mesogun.hal.LedState;

/**
 * The injection state machine of SPEC §3. It proposes outputs; the {@link SafetyMonitor} judges
 * them afterwards and alone decides whether they reach the hardware, so nothing here is a safety
 * measure on its own — it is the clinical workflow: start-up, homing, menus, priming, sessions,
 * the shot cycle in each mode, needle changes and fault acknowledgement. Allocation-free.
 */
public final class InjectionMachine {

    static final int SETTLE_TICKS = 2;
    static final int DWELL_TICKS = 5;
    static final int PRIME_MIN_PULSES = 2;
    static final int PRIME_MAX_PULSES = 10;
    static final long PRIME_PULSE_MICROS = 20_000;
    static final double PRIME_FLOW_UL = 10;
    static final long MOVE_TIMEOUT_NANOS = 500_000_000L;
    /** Under or over this share of the target, a measured dose is a fault (SR-9). */
    static final double DOSE_TOLERANCE = 0.35;
    static final double RELOAD_MARGIN = 1.5;

    private final ControllerSettings s;
    private final SafetyMonitor monitor;
    private final EventSink events;
    private final Homing homing;
    private final PanelMenu menu;
    private final DoseModel model;
    private final ServiceMailbox mailbox;
    private final ServiceMode service;
    /** Homing asked for by the technician: back to SERVICE when done, flag checks as in SERVICE. */
    private boolean serviceHoming;
    /** SERVICE OFF: parking (still in SERVICE), then homing or, uncalibrated, back to the alarm. */
    private boolean leavingService;
    private long lastPosition;

    private State state = State.BOOT;
    private long stateSince;
    private boolean dirty = true;
    private volatile boolean shutdownRequested;
    private boolean shutdownHandled;
    private boolean prevUp;
    private boolean prevDown;
    private boolean prevSelect;
    private boolean prevTrigger = true;   // a trigger held at start-up is not a press
    private boolean triggerReleased;
    private boolean upEdge;
    private boolean downEdge;
    private boolean selectEdge;
    private boolean triggerEdge;
    private Screen screen = Screen.MENU;
    private String refusal = "";
    /** The needle's lock-out as the panel last showed it. */
    private boolean lockShown;

    private double syringeUl;
    private final double resolutionUl;
    private boolean primed;
    private int primePulses;
    private double primeStartMicrons;

    private boolean session;
    private int sessionNo;
    private int points;
    private double sessionUl;
    private long lastShotStart = Long.MIN_VALUE / 2;

    private long shotStart;
    private long target;
    private long pulsesBefore;
    private long openMicros;
    private double beforeSum;
    private int beforeCount;
    private double afterSum;
    private int afterCount;
    private double measuredUl;
    private int waitTicks;
    private boolean pulseIssued;

    enum Screen { MENU, CONFIRM_OVERRIDE, CONFIRM_END, REFUSED, RELOAD, CHANGE_SYRINGE }

    public InjectionMachine(ControllerSettings s, SafetyMonitor monitor, EventSink events) {
        this(s, monitor, events, new ServiceMailbox());
    }

    /** @param mailbox the technician console's commands (SPEC §6), polled once per tick */
    public InjectionMachine(ControllerSettings s, SafetyMonitor monitor, EventSink events, ServiceMailbox mailbox) {
        this.s = s;
        this.mailbox = mailbox;
        this.service = new ServiceMode(s, monitor);
        this.monitor = monitor;
        this.events = events;
        this.homing = new Homing(s);
        this.menu = new PanelMenu(s.protocols(), s.maxDepthMm());
        this.model = new DoseModel(s.flowUlPerMs(), s.flowOffsetUl(), s.closedLoop());
        this.syringeUl = 0;
        this.resolutionUl = monitor.plunger().resolutionMicrons() / s.micronsPerUl();
    }

    /** What the machine is doing, for the monitor to judge its outputs against. */
    public Activity activity() {
        return switch (state) {
            case DOSE -> session ? Activity.SESSION_DOSE : Activity.NONE;
            case PRIMING -> Activity.PRIME;
            // In SERVICE the park geometry is what is being calibrated: see SafetyMonitor.
            case SERVICE -> Activity.SERVICE;
            case HOMING -> serviceHoming ? Activity.SERVICE : Activity.NONE;
            default -> Activity.NONE;
        };
    }

    /** One tick: reads the snapshot, proposes outputs. */
    public void step(Inputs in, Outputs out) {
        out.resetCommands();
        edges(in);
        lastPosition = in.axisPosition;
        if (monitor.latched() != null && state != State.FAULT) {
            enterFault(in.now, monitor.latched());
        }
        if (shutdownRequested && !shutdownHandled) {
            shutdownHandled = true;
            shutDown(in, out);
        }
        realtime(in, out);
        requests(in, out);
        boolean locked = monitor.needle().locked();
        if (locked != lockShown) {
            // A time limit locks the needle between shots, with nothing else to redraw the panel.
            lockShown = locked;
            dirty = true;
        }
        if (monitor.needle().changedThisTick()) {
            events.needleChanged(in.now, monitor.needle().needleSerial());
            dirty = true;
            if (state == State.ARMED || state == State.IDLE) {
                startHoming(in.now);   // SPEC §2: the axis homes at a needle change
            }
        }
        switch (state) {
            case BOOT -> boot(in);
            case HOMING -> homing(in, out);
            case IDLE -> idle(in);
            case PRIMING -> priming(in, out);
            case ARMED -> armed(in, out);
            case INSERT -> insert(in, out);
            case SETTLE -> settle(in);
            case DOSE -> dose(in, out);
            case DWELL -> dwell(in, out);
            case RETRACT -> retract(in);
            case FAULT -> fault(in);
            case SERVICE -> service(in, out);
            default -> {
            }
        }
        out.led = led();
        out.buzzer = state == State.FAULT && ((in.now / 250_000_000L) & 1) == 0;
        if (dirty) {
            render(out);
        }
    }

    private void edges(Inputs in) {
        upEdge = in.up && !prevUp;
        downEdge = in.down && !prevDown;
        selectEdge = in.select && !prevSelect;
        triggerEdge = in.trigger && !prevTrigger;
        if (!in.trigger) {
            triggerReleased = true;
        }
        prevUp = in.up;
        prevDown = in.down;
        prevSelect = in.select;
        prevTrigger = in.trigger;
    }

    private void boot(Inputs in) {
        if (!s.calibrationValid()) {
            monitor.raise(FaultCode.CALIBRATION_INVALID, in.now);
            return;
        }
        startHoming(in.now);
    }

    private void startHoming(long now) {
        homing.start(now);
        go(State.HOMING, now);
    }

    private void homing(Inputs in, Outputs out) {
        FaultCode f = homing.step(in, out);
        if (f != null) {
            monitor.raise(f, in.now);
        } else if (homing.done()) {
            triggerReleased = false;   // only a fresh press fires after homing
            if (serviceHoming) {
                serviceHoming = false;
                go(State.SERVICE, in.now);
                mailbox.complete(ServiceMailbox.Result.OK, in.axisPosition);
                return;
            }
            go(session ? State.ARMED : State.IDLE, in.now);
        }
    }

    private void idle(Inputs in) {
        if (screen != Screen.MENU) {
            confirm(in);
            return;
        }
        PanelMenu.Action a = menu.buttons(upEdge, downEdge, selectEdge);
        if (upEdge || downEdge || selectEdge) {
            dirty = true;
        }
        switch (a) {
            case LOAD -> {
                primed = false;
                syringeUl = 0;
                monitor.syringeRemoved();
                screen = Screen.CHANGE_SYRINGE;
            }
            case PRIME -> {
                if (syringeUl <= 0) {
                    refuse("Load syringe");
                } else if (in.skin) {
                    refuse("Lift off skin");
                } else {
                    startPriming(in);
                }
            }
            case START -> tryStart(in, false);
            default -> {
            }
        }
    }

    /**
     * A clean stop (SIGTERM, SR-11): the shot in progress ends at once (valve shut, needle out),
     * the session ends with its reason recorded, and nothing more fires.
     */
    private void shutDown(Inputs in, Outputs out) {
        out.valveShut = true;
        if (state.inShot()) {
            abortShot(in, out, null);
        } else if (state == State.PRIMING) {
            go(State.IDLE, in.now);
        }
        endSession(in.now, SessionEnd.SHUTDOWN);
    }

    /** Asks for a clean stop from any thread; the next tick carries it out. */
    public void requestShutdown() {
        shutdownRequested = true;
    }

    /** Whether a requested stop has reached a resting state: no shot, no session. */
    public boolean restingAfterShutdown() {
        return shutdownHandled && !session && !state.inShot() && state != State.PRIMING;
    }

    private void startPriming(Inputs in) {
        primePulses = 0;
        primeStartMicrons = Double.NaN;   // the first reading of the (new) syringe
        waitTicks = 0;
        pulsesBefore = in.valvePulses;
        go(State.PRIMING, in.now);
    }

    private void tryStart(Inputs in, boolean confirmed) {
        if (shutdownRequested) {
            refuse("Shutting down");
        } else if (!primed) {
            refuse("Prime first");
        } else if (menu.lot() == 0) {
            refuse("Enter the lot");
        } else if (!monitor.needle().fresh()) {
            refuse("Fit new needle");
        } else if (remainingUl() < menu.doseUl()) {
            refuse("Syringe empty");
        } else if (!events.acceptingNewSessions()) {
            refuse("Outbox full");   // SPEC §7: telemetry could not keep a new session's records
        } else if (menu.outsideSoftLimits() && !confirmed) {
            screen = Screen.CONFIRM_OVERRIDE;
            dirty = true;
        } else {
            String why = monitor.beginSession(menu.depthMm(), menu.doseUl());
            if (why != null) {
                refuse("Refused");
                return;
            }
            session = true;
            sessionNo++;
            points = 0;
            sessionUl = 0;
            target = s.depthSteps(menu.depthMm());
            triggerReleased = false;
            events.sessionStarted(in.now, sessionNo, menu.protocolIndex(), menu.depthMm(),
                    menu.doseUl(), menu.lot(), confirmed);
            go(State.ARMED, in.now);
        }
    }

    private void refuse(String why) {
        refusal = why;
        screen = Screen.REFUSED;
        dirty = true;
    }

    private void syringeLoaded() {
        screen = Screen.MENU;
        model.newSyringe();
        syringeUl = s.syringeUl();
        monitor.syringeLoaded(syringeUl);
        dirty = true;
    }

    private void confirm(Inputs in) {
        if (screen == Screen.CHANGE_SYRINGE) {
            if (selectEdge) {
                syringeLoaded();
            }
            return;
        }
        if (!(upEdge || downEdge || selectEdge)) {
            return;
        }
        Screen was = screen;
        screen = Screen.MENU;
        dirty = true;
        if (selectEdge && was == Screen.CONFIRM_OVERRIDE) {
            tryStart(in, true);
        } else if (selectEdge && was == Screen.CONFIRM_END) {
            endSession(in.now, SessionEnd.PANEL);
        }
    }

    private void priming(Inputs in, Outputs out) {
        out.axisEnable = true;
        if (in.skin) {
            out.valveShut = true;
            if (monitor.resumeSession()) {
                go(State.ARMED, in.now);   // not primed: the reload screen comes back
                syringeUl = 0;
            } else {
                refuse("Lift off skin");
                go(State.IDLE, in.now);
            }
            return;
        }
        if (in.valveOpen || in.valvePulses == pulsesBefore && primePulses > 0) {
            return;   // the pulse in flight
        }
        if (++waitTicks < 30 && primePulses > 0) {
            return;   // let the product settle before reading the plunger
        }
        if (Double.isNaN(primeStartMicrons)) {
            primeStartMicrons = in.plungerMicrons;
        }
        double movedUl = (in.plungerMicrons - primeStartMicrons) / s.micronsPerUl();
        boolean flowing = !in.plungerPresent || movedUl >= PRIME_FLOW_UL;
        if (primePulses >= PRIME_MIN_PULSES && flowing) {
            primed = true;
            events.primed(in.now, in.plungerPresent ? movedUl : primePulses * PRIME_PULSE_MICROS / 1000.0 * s.flowUlPerMs());
            if (monitor.resumeSession()) {
                triggerReleased = false;
                go(State.ARMED, in.now);
            } else {
                go(State.IDLE, in.now);
            }
        } else if (primePulses >= PRIME_MAX_PULSES) {
            monitor.raise(FaultCode.DOSE_NOT_DELIVERED, in.now);
        } else {
            out.valvePulseMicros = Math.min(PRIME_PULSE_MICROS, s.maxOpenMicros());
            pulsesBefore = in.valvePulses;
            primePulses++;
            waitTicks = 0;
            dirty = true;   // the panel counts the pulses
        }
    }

    private void armed(Inputs in, Outputs out) {
        out.axisEnable = true;
        if (screen == Screen.RELOAD && selectEdge) {
            // The session waits while the clinician changes the syringe, then primes it.
            monitor.suspendSession();
            monitor.syringeRemoved();
            syringeUl = 0;
            primed = false;
            screen = Screen.CHANGE_SYRINGE;
            dirty = true;
            return;
        }
        if (screen == Screen.CHANGE_SYRINGE) {
            if (selectEdge) {
                syringeLoaded();
                startPriming(in);
            }
            return;
        }
        if (selectEdge || upEdge || downEdge) {
            if (screen == Screen.RELOAD) {
                return;
            }
            if (screen == Screen.CONFIRM_END) {
                confirm(in);
                if (!session) {
                    return;
                }
            } else if (selectEdge) {
                screen = Screen.CONFIRM_END;
                dirty = true;
            }
        }
        if (monitor.needle().locked() || monitor.needle().hubOpen()) {
            return;   // the display says why; a change is detected by the monitor
        }
        // Ends the session before the monitor would have to refuse a dose (it allows for a point
        // delivering up to 1.45 x its dose; this ends it a little earlier still).
        if (session && monitor.plunger().sessionDeliveredUl() + menu.doseUl() * RELOAD_MARGIN > s.sessionMaxDoseUl()) {
            endSession(in.now, SessionEnd.SESSION_CAP);
            return;
        }
        // The monitor refuses a dose the syringe cannot give; ask for a new one with room to spare,
        // since the last shot's reading is still settling and noise moves it a little.
        if (session && remainingUl() - s.reserveUl() < menu.doseUl() * RELOAD_MARGIN) {
            // SR-5: never fire a dose the syringe cannot give. The session waits for a new one.
            if (screen != Screen.RELOAD) {
                screen = Screen.RELOAD;
                dirty = true;
            }
            return;
        }
        Protocol p = menu.protocol();
        boolean repeat = p.mode() == Mode.NAPPAGE && in.trigger && triggerReleased;
        boolean press = triggerEdge && triggerReleased;
        long interval = p.mode() == Mode.NAPPAGE && p.shotsPerS() > 0
                ? Math.max(s.minShotIntervalNanos(), (long) (1e9 / p.shotsPerS()))
                : s.minShotIntervalNanos();
        if ((press || repeat) && in.skin && in.now - lastShotStart >= interval) {
            if (p.mode() != Mode.NAPPAGE) {
                triggerReleased = false;   // point and perfusion: one shot per press
            }
            startShot(in, out);
        }
    }

    private void startShot(Inputs in, Outputs out) {
        shotStart = in.now;
        lastShotStart = in.now;
        openMicros = 0;
        measuredUl = 0;
        beforeSum = 0;
        beforeCount = 0;
        out.moveTarget = target;
        go(State.INSERT, in.now);
    }

    private void insert(Inputs in, Outputs out) {
        out.axisEnable = true;
        if (!in.skin) {
            abortShot(in, out, null);
        } else if (!in.axisMoving && in.axisPosition == target) {
            go(State.SETTLE, in.now);
        } else if (in.now - stateSince > MOVE_TIMEOUT_NANOS) {
            monitor.raise(FaultCode.MOVE_TIMEOUT, in.now);
        }
    }

    private void settle(Inputs in) {
        beforeSum += in.plungerMicrons;
        beforeCount++;
        if (beforeCount >= SETTLE_TICKS) {
            pulseIssued = false;
            go(State.DOSE, in.now);
        }
    }

    private void dose(Inputs in, Outputs out) {
        out.axisEnable = true;
        if (!in.skin) {
            out.valveShut = true;
            abortShot(in, out, null);
            return;
        }
        if (!pulseIssued) {
            double remaining = menu.doseUl() - measuredUl;
            long pulse = Math.min(model.openMicros(remaining), s.maxOpenMicros());
            out.valvePulseMicros = pulse;
            openMicros += pulse;
            pulsesBefore = in.valvePulses;
            pulseIssued = true;
            waitTicks = 0;
            return;
        }
        if (in.valveOpen || in.valvePulses == pulsesBefore) {
            return;
        }
        if (menu.protocol().mode() == Mode.PERFUSION) {
            // A train of pulses: measure after each, go on until the dose is in (SPEC §3).
            if (++waitTicks < DWELL_TICKS) {
                return;
            }
            measuredUl = measure(in);
            double remaining = menu.doseUl() - measuredUl;
            boolean more = remaining > 0.02 * menu.doseUl()
                    && openMicros < model.openMicros(menu.doseUl()) * 1.2;
            if (more) {
                pulseIssued = false;
                return;
            }
        }
        afterSum = 0;
        afterCount = 0;
        go(State.DWELL, in.now);
    }

    private double measure(Inputs in) {
        if (!in.plungerPresent) {
            return openMicros / 1000.0 * s.flowUlPerMs();
        }
        double before = beforeSum / Math.max(1, beforeCount);
        return (in.plungerMicrons - before) / s.micronsPerUl();
    }

    private void dwell(Inputs in, Outputs out) {
        out.axisEnable = true;
        long ticks = (in.now - stateSince) / Math.max(1, s.periodNanos()) + 1;
        if (ticks > 2) {
            afterSum += in.plungerMicrons;
            afterCount++;
        }
        if (ticks >= DWELL_TICKS) {
            if (in.plungerPresent) {
                double before = beforeSum / Math.max(1, beforeCount);
                measuredUl = (afterSum / Math.max(1, afterCount) - before) / s.micronsPerUl();
            } else {
                measuredUl = openMicros / 1000.0 * s.flowUlPerMs();
            }
            out.moveTarget = s.parkSteps();
            go(State.RETRACT, in.now);
        }
    }

    private void retract(Inputs in) {
        if (in.axisMoving || in.axisPosition != s.parkSteps()) {
            if (in.now - stateSince > MOVE_TIMEOUT_NANOS) {
                monitor.raise(FaultCode.MOVE_TIMEOUT, in.now);
            }
            return;
        }
        if (openMicros == 0) {
            go(session ? State.ARMED : State.IDLE, in.now);   // an aborted shot is back at park
            return;
        }
        points++;
        sessionUl += measuredUl;
        double target = menu.doseUl();
        events.point(in.now, sessionNo, points, s.stepsToDepthMm(this.target), target, measuredUl,
                openMicros, monitor.needle().needleSerial(), monitor.needle().punctures());
        dirty = true;
        // SR-9: the tolerance is never tighter than 3σ of what the sensor resolves in one shot
        // (a reading before and after, each to its resolution), or small doses would false-alarm.
        double tolerance = Math.max(DOSE_TOLERANCE * target, 3 * resolutionUl);
        if (in.plungerPresent && (measuredUl < target - tolerance || measuredUl > target + tolerance)) {
            monitor.raise(measuredUl < target * 0.1 ? FaultCode.DOSE_NOT_DELIVERED
                    : FaultCode.DOSE_OUT_OF_TOLERANCE, in.now);
            return;   // a faulty shot teaches the dose model nothing
        }
        if (menu.protocol().mode() != Mode.PERFUSION) {
            model.learn(openMicros, target, measuredUl);
        }
        go(State.ARMED, in.now);
    }

    private void abortShot(Inputs in, Outputs out, FaultCode cause) {
        events.pointAborted(in.now, sessionNo, points + 1, cause);
        openMicros = 0;
        out.moveTarget = s.parkSteps();
        go(State.RETRACT, in.now);
    }

    private void enterFault(long now, FaultCode code) {
        ServiceMailbox.Result r = service.abort();
        if (r != null || serviceHoming) {
            mailbox.complete(ServiceMailbox.Result.FAILED, lastPosition);
        }
        serviceHoming = false;
        leavingService = false;
        if (state.inShot() && session) {
            events.pointAborted(now, sessionNo, points + 1, code);
        }
        events.alarm(now, code, state);
        if (session) {
            endSession(now, code == FaultCode.STOP_PRESSED ? SessionEnd.STOP : SessionEnd.FAULT);
        }
        screen = Screen.MENU;
        go(State.FAULT, now);
    }

    private void fault(Inputs in) {
        if (selectEdge && monitor.acknowledge(in)) {
            events.alarmCleared(in.now, lastAlarm);
            startHoming(in.now);
        }
    }

    private FaultCode lastAlarm;

    // ---- the technician console (SPEC §6): realtime hold/reset and SERVICE ----

    /** {@code !} and Ctrl-X act at once, whatever command is in flight. */
    private void realtime(Inputs in, Outputs out) {
        boolean reset = mailbox.takeReset();
        if (!mailbox.takeHold() && !reset) {
            return;
        }
        if (state == State.INSERT || state == State.SETTLE || state == State.DOSE || state == State.DWELL) {
            out.valveShut = true;
            abortShot(in, out, null);
        } else if (state == State.PRIMING) {
            out.valveShut = true;
            go(State.IDLE, in.now);
        } else if (state == State.SERVICE || state == State.HOMING && serviceHoming) {
            ServiceMailbox.Result r = service.hold(in, out);
            if (r != null || serviceHoming) {
                mailbox.complete(ServiceMailbox.Result.HELD, in.axisPosition);
            }
            if (serviceHoming) {
                serviceHoming = false;
                out.haltAxis = true;
                go(State.SERVICE, in.now);   // an unfinished homing: HOME again before jogging
            }
        }
        if (reset) {
            endSession(in.now, SessionEnd.STOP);
            if (state == State.SERVICE) {
                leaveService(in, out);
            }
        }
    }

    /** Takes the console's next command when the machine can start one. */
    private void requests(Inputs in, Outputs out) {
        if (service.busy() || serviceHoming || leavingService) {
            return;
        }
        ServiceMailbox.Op op = mailbox.take();
        if (op == null) {
            return;
        }
        ServiceMailbox.Result r;
        switch (op) {
            case SERVICE_ON -> r = enterService(in);
            case ACK -> {
                if (state != State.FAULT) {
                    r = ServiceMailbox.Result.OK;
                } else if (monitor.acknowledge(in)) {
                    events.alarmCleared(in.now, lastAlarm);
                    startHoming(in.now);
                    r = ServiceMailbox.Result.OK;
                } else {
                    r = ServiceMailbox.Result.FAULT_LATCHED;
                }
            }
            default -> r = state != State.SERVICE ? ServiceMailbox.Result.NOT_IN_SERVICE : serviceOp(op, in, out);
        }
        if (r != null) {
            mailbox.complete(r, in.axisPosition);
        }
    }

    private ServiceMailbox.Result enterService(Inputs in) {
        if (state == State.SERVICE) {
            return ServiceMailbox.Result.OK;
        }
        if (session) {
            return ServiceMailbox.Result.SESSION_RUNNING;
        }
        if (state == State.FAULT) {
            // SR-10: a bad calibration leaves the gun unarmed but serviceable; no other fault.
            if (monitor.latched() == FaultCode.CALIBRATION_INVALID && monitor.enterService()) {
                go(State.SERVICE, in.now);
                return ServiceMailbox.Result.OK;
            }
            return ServiceMailbox.Result.FAULT_LATCHED;
        }
        if (state != State.IDLE || screen != Screen.MENU || monitor.latched() != null) {
            return ServiceMailbox.Result.NOT_IDLE;
        }
        go(State.SERVICE, in.now);
        return ServiceMailbox.Result.OK;
    }

    private ServiceMailbox.Result serviceOp(ServiceMailbox.Op op, Inputs in, Outputs out) {
        if (in.axisMoving) {
            return ServiceMailbox.Result.NOT_IDLE;
        }
        switch (op) {
            case SERVICE_OFF -> {
                leaveService(in, out);
                return ServiceMailbox.Result.OK;
            }
            case HOME -> {
                serviceHoming = true;
                homing.start(in.now);
                go(State.HOMING, in.now);
                return null;
            }
            default -> {
                return service.begin(op, mailbox.arg(), mailbox.count(), in, out);
            }
        }
    }

    private void service(Inputs in, Outputs out) {
        out.axisEnable = true;
        if (leavingService) {
            if (!in.axisMoving && (in.axisPosition == s.parkSteps() || !monitor.homed())) {
                leavingService = false;
                if (!s.calibrationValid()) {
                    go(State.BOOT, in.now);   // back to the CALIBRATION_INVALID alarm
                } else {
                    startHoming(in.now);
                }
            }
            return;
        }
        ServiceMailbox.Result r = service.step(in, out);
        if (r != null) {
            mailbox.complete(r, in.axisPosition);
        }
    }

    /** Parks first under SERVICE's rules (the flag is not where an uncalibrated park says). */
    private void leaveService(Inputs in, Outputs out) {
        leavingService = true;
        if (monitor.homed() && in.axisPosition != s.parkSteps()) {
            out.moveTarget = s.parkSteps();
        }
    }

    /**
     * A new calibration may replace this machine only here: in SERVICE, idle, parked, no session
     * (the console's SAVE; see {@link LiveController}).
     */
    public boolean replaceable() {
        return state == State.SERVICE && !service.busy() && !leavingService && !session
                && (lastPosition == s.parkSteps() || !monitor.homed());
    }

    private void endSession(long now, SessionEnd reason) {
        if (!session) {
            return;
        }
        session = false;
        monitor.endSession();
        events.sessionEnded(now, sessionNo, points, sessionUl, reason);
        if (state == State.ARMED) {
            go(State.IDLE, now);
        }
        dirty = true;
    }

    private double remainingUl() {
        return syringeUl <= 0 ? 0 : monitor.plunger().remainingUl();
    }

    private void go(State next, long now) {
        if (next == state) {
            return;
        }
        if (next == State.FAULT) {
            lastAlarm = monitor.latched();
        }
        events.stateChanged(now, state, next);
        state = next;
        stateSince = now;
        dirty = true;
    }

    private LedState led() {
        return switch (state) {
            case FAULT -> LedState.FAULT;
            case ARMED -> monitor.needle().locked() ? LedState.ATTENTION : LedState.READY;
            case INSERT, SETTLE, DOSE, DWELL, RETRACT, HOMING, BOOT, PRIMING -> LedState.BUSY;
            default -> LedState.ATTENTION;
        };
    }

    private void render(Outputs out) {
        dirty = false;
        StringBuilder l1 = out.line1;
        StringBuilder l2 = out.line2;
        l1.setLength(0);
        l2.setLength(0);
        out.displayChanged = true;
        switch (state) {
            case FAULT -> {
                FaultCode f = monitor.latched() != null ? monitor.latched() : lastAlarm;
                l1.append("ALARM ").append(f == null ? 0 : f.code());
                l2.append("Select=acknowledge");
            }
            case BOOT, HOMING -> {
                l1.append("Homing");
                l2.append("please wait");
            }
            case SERVICE -> {
                l1.append("SERVICE");
                l2.append("technician");
            }
            case PRIMING -> {
                l1.append("Priming");
                l2.append("pulse ").append(primePulses);
            }
            default -> {
                if (screen == Screen.REFUSED) {
                    l1.append("Cannot start");
                    l2.append(refusal);
                } else if (screen == Screen.CONFIRM_OVERRIDE) {
                    l1.append("Over soft limit");
                    l2.append("Select=confirm");
                } else if (screen == Screen.CHANGE_SYRINGE) {
                    l1.append("Change syringe");
                    l2.append("Select when in");
                } else if (screen == Screen.RELOAD) {
                    l1.append("Syringe empty");
                    l2.append("Load new, Select");
                } else if (screen == Screen.CONFIRM_END) {
                    l1.append("End session?");
                    l2.append("Select=yes");
                } else if (session) {
                    if (monitor.needle().locked()) {
                        l1.append("CHANGE NEEDLE");
                    } else {
                        l1.append(menu.protocol().name());
                    }
                    l2.append('P').append(points).append(" N").append(monitor.needle().punctures())
                            .append('/').append(monitor.needle().punctureLimit()).append(' ');
                    Text.fixed(l2, remainingUl() / 1000, 1).append("mL");
                } else {
                    menu.render(l1, l2, primed, remainingUl() / 1000);
                }
            }
        }
    }

    // ---- read-only views for the harness, the console and telemetry ----

    public State state() {
        return state;
    }

    /** The axis position (steps from home) at the last tick. */
    public long lastPosition() {
        return lastPosition;
    }

    public boolean inSession() {
        return session;
    }

    public int sessionNo() {
        return sessionNo;
    }

    public int points() {
        return points;
    }

    public double sessionUl() {
        return sessionUl;
    }

    public double doseGain() {
        return model.gain();
    }

    public boolean primed() {
        return primed;
    }

    /**
     * A scenario's or test's shortcut for the depth and dose the panel would set; like the panel,
     * refused (false) while a session runs, whose settings the monitor has already accepted.
     */
    public boolean presetDepthAndDose(double depthMm, double doseUl) {
        if (session) {
            return false;
        }
        menu.override(depthMm, doseUl);
        dirty = true;
        return true;
    }

    public boolean presetProtocol(int index) {
        if (session) {
            return false;
        }
        menu.selectProtocol(index);
        dirty = true;
        return true;
    }

    public boolean presetLot(long lot) {
        if (session) {
            return false;
        }
        menu.lot(lot);
        dirty = true;
        return true;
    }
}
