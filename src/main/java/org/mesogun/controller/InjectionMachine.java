package org.mesogun.controller;

import org.mesogun.controller.safety.Activity;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.SafetyMonitor;

/**
 * The injection state machine of requirements §3. It proposes outputs; the {@link SafetyMonitor} judges
 * them afterwards and alone decides whether they reach the hardware, so nothing here is a safety
 * measure on its own — it is the clinical workflow. This class holds the one machine state, the
 * inputs' edges, start-up, homing, faults and shutdown, and hands each state to the part that owns
 * it: {@link Panel} (IDLE's menu and screens, the display), {@link Syringe} (loading, PRIMING),
 * {@link Session} (starting, ARMED, ending), {@link ShotCycle} (INSERT … RETRACT) and
 * {@link ConsoleRequests} (hold/reset, SERVICE). docs/controller.md has each part's diagram.
 * Allocation-free.
 */
public final class InjectionMachine {

    final ControllerSettings s;
    final SafetyMonitor monitor;
    final EventSink events;
    final PanelMenu menu;
    final Panel panel;
    final Syringe syringe;
    final Session session;
    final ShotCycle shot;
    final ConsoleRequests console;
    private final Homing homing;
    private long lastPosition;

    private State state = State.BOOT;
    long stateSince;
    /** The display shows something that changed: redraw it at the end of the tick. */
    boolean dirty = true;
    volatile boolean shutdownRequested;
    private boolean shutdownHandled;
    private boolean prevUp;
    private boolean prevDown;
    private boolean prevSelect;
    private boolean prevTrigger = true;   // a trigger held at start-up is not a press
    /** Only a fresh press fires: after start-up, homing, a session start, a priming. */
    boolean triggerReleased;
    boolean upEdge;
    boolean downEdge;
    boolean selectEdge;
    boolean triggerEdge;
    private FaultCode lastAlarm;

    public InjectionMachine(ControllerSettings s, SafetyMonitor monitor, EventSink events) {
        this(s, monitor, events, new ServiceMailbox());
    }

    /** @param mailbox the technician console's commands (requirements §6), polled once per tick */
    public InjectionMachine(ControllerSettings s, SafetyMonitor monitor, EventSink events, ServiceMailbox mailbox) {
        this.s = s;
        this.monitor = monitor;
        this.events = events;
        this.console = new ConsoleRequests(this, s, mailbox);
        this.homing = new Homing(s);
        this.menu = new PanelMenu(s.protocols(), s.maxDepthMm());
        this.panel = new Panel(this);
        this.syringe = new Syringe(this, s);
        this.session = new Session(this, s);
        this.shot = new ShotCycle(this, s, monitor.plunger().toleranceFloorUl());
    }

    /** What the machine is doing, for the monitor to judge its outputs against. */
    public Activity activity() {
        return switch (state) {
            case DOSE -> session.running() ? Activity.SESSION_DOSE : Activity.NONE;
            case PRIMING -> Activity.PRIME;
            // In SERVICE the park geometry is what is being calibrated: see SafetyMonitor.
            case SERVICE -> Activity.SERVICE;
            case HOMING -> console.serviceHoming() ? Activity.SERVICE : Activity.NONE;
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
        console.realtime(in, out);
        console.requests(in, out);
        panel.followLockOut();
        panel.followTelemetry(in);
        if (monitor.needle().changedThisTick()) {
            events.needleChanged(in.now, monitor.needle().needleSerial());
            dirty = true;
            if (state == State.ARMED || state == State.IDLE) {
                startHoming(in.now);   // requirements §2: the axis homes at a needle change
            }
        }
        switch (state) {
            case BOOT -> boot(in);
            case HOMING -> homing(in, out);
            case IDLE -> panel.idle(in);
            case PRIMING -> syringe.priming(in, out);
            case ARMED -> session.armed(in, out);
            case INSERT -> shot.insert(in, out);
            case SETTLE -> shot.settle(in);
            case DOSE -> shot.dose(in, out);
            case DWELL -> shot.dwell(in, out);
            case RETRACT -> shot.retract(in);
            case FAULT -> fault(in);
            case SERVICE -> console.service(in, out);
            default -> {
            }
        }
        out.led = panel.led();
        out.buzzer = state == State.FAULT && ((in.now / 250_000_000L) & 1) == 0;
        if (dirty) {
            panel.render(out);
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

    /** BOOT: an invalid calibration is an alarm (SR-10); otherwise the axis homes. */
    private void boot(Inputs in) {
        if (!s.calibrationValid()) {
            monitor.raise(FaultCode.CALIBRATION_INVALID, in.now);
            return;
        }
        startHoming(in.now);
    }

    void startHoming(long now) {
        homing.start(now);
        go(State.HOMING, now);
    }

    private void homing(Inputs in, Outputs out) {
        FaultCode f = homing.step(in, out);
        if (f != null) {
            monitor.raise(f, in.now);
        } else if (homing.done()) {
            triggerReleased = false;   // only a fresh press fires after homing
            if (console.homedForService(in)) {
                return;
            }
            if (!s.calibrationValid()) {
                // SR-10: every path out of HOMING to IDLE or ARMED checks the calibration: a
                // technician's homing of an uncalibrated gun, then any fault and its
                // acknowledgement, must not leave it armable.
                monitor.raise(FaultCode.CALIBRATION_INVALID, in.now);
                return;
            }
            go(session.running() ? State.ARMED : State.IDLE, in.now);
        }
    }

    /**
     * A clean stop (SIGTERM, SR-11): the shot in progress ends at once (valve shut, needle out),
     * the session ends with its reason recorded, and nothing more fires.
     */
    private void shutDown(Inputs in, Outputs out) {
        out.valveShut = true;
        if (state.inShot()) {
            shot.abort(in, out, null);
        } else if (state == State.PRIMING) {
            go(State.IDLE, in.now);
        }
        session.end(in.now, SessionEnd.SHUTDOWN);
    }

    /** Asks for a clean stop from any thread; the next tick carries it out. */
    public void requestShutdown() {
        shutdownRequested = true;
    }

    /** Whether a requested stop has reached a resting state: no shot, no session. */
    public boolean restingAfterShutdown() {
        return shutdownHandled && !session.running() && !state.inShot() && state != State.PRIMING;
    }

    /** Any state to FAULT: what was in progress ends, the alarm is reported, the session ends. */
    private void enterFault(long now, FaultCode code) {
        console.abortOnFault(lastPosition);
        if (state.inShot() && session.running() && !shot.recorded()) {
            double measured = shot.measuredSoFarUl();
            events.pointAborted(now, session.number(), session.points() + 1, code, menu.doseUl(), measured,
                    shot.openMicrosSoFar());
            session.measured(measured);
        }
        events.alarm(now, code, state);
        if (session.running()) {
            session.end(now, code == FaultCode.STOP_PRESSED ? SessionEnd.STOP : SessionEnd.FAULT);
        }
        panel.show(Panel.Screen.MENU);
        go(State.FAULT, now);
    }

    private void fault(Inputs in) {
        if (selectEdge) {
            acknowledge(in);
        }
    }

    /** An acknowledgement (panel select or console ACK): once the monitor clears it, the axis homes. */
    boolean acknowledge(Inputs in) {
        if (!monitor.acknowledge(in)) {
            return false;
        }
        events.alarmCleared(in.now, lastAlarm);
        startHoming(in.now);
        return true;
    }

    FaultCode lastAlarm() {
        return lastAlarm;
    }

    /**
     * A new calibration may replace this machine only here: in SERVICE, idle, parked, no session
     * (the console's SAVE; see {@link LiveController}).
     */
    public boolean replaceable() {
        return state == State.SERVICE && console.idleInService() && !session.running()
                && (lastPosition == s.parkSteps() || !monitor.homed());
    }

    /** Every transition of the machine goes through here: the event, the time, a redraw. */
    void go(State next, long now) {
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

    // ---- read-only views for the harness, the console and telemetry ----

    public State state() {
        return state;
    }

    /** The axis position (steps from home) at the last tick. */
    public long lastPosition() {
        return lastPosition;
    }

    public boolean inSession() {
        return session.running();
    }

    public int sessionNo() {
        return session.number();
    }

    public int points() {
        return session.points();
    }

    public double sessionUl() {
        return session.deliveredUl();
    }

    public double doseGain() {
        return shot.doseGain();
    }

    public boolean primed() {
        return syringe.primed();
    }

    /**
     * A scenario's or test's shortcut for the depth and dose the panel would set; like the panel,
     * refused (false) while a session runs, whose settings the monitor has already accepted.
     */
    public boolean presetDepthAndDose(double depthMm, double doseUl) {
        if (session.running()) {
            return false;
        }
        menu.override(depthMm, doseUl);
        dirty = true;
        return true;
    }

    public boolean presetProtocol(int index) {
        if (session.running()) {
            return false;
        }
        menu.selectProtocol(index);
        dirty = true;
        return true;
    }

    public boolean presetLot(long lot) {
        if (session.running()) {
            return false;
        }
        menu.lot(lot);
        dirty = true;
        return true;
    }
}
