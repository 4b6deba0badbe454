package org.mesogun.controller;

import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.NeedleCounters;
import org.mesogun.controller.safety.NeedleGuard;
import org.mesogun.controller.safety.PlungerWatch;
import org.mesogun.controller.safety.SafetyMonitor;
import org.mesogun.hal.GunHardware;

/**
 * One tick of the gun (requirements §5): read inputs → state machine → safety monitor → outputs. The same
 * object is ticked by the real-time runner on the board and by the simulation harness on virtual
 * time; it never reads a clock of its own. Allocation-free after construction.
 */
public final class Controller {

    private final GunHardware hw;
    private final ControllerSettings settings;
    private final Inputs in = new Inputs();
    private final Outputs out = new Outputs();
    private final SafetyMonitor monitor;
    private final InjectionMachine machine;
    private final OutputStage stage;
    private final boolean guarded;
    private final ServiceMailbox mailbox;
    private volatile boolean stallReported;
    private long ticks;
    private long vetoes;

    public Controller(GunHardware hw, ControllerSettings settings, NeedleCounters counters, EventSink events) {
        this(hw, settings, counters, events, true, new ServiceMailbox(), false);
    }

    /**
     * A controller the technician console can reach through {@code mailbox}.
     *
     * @param successor true when it replaces a running controller of the same power-up (a new
     *                  calibration, see {@link LiveController}): the counters were already marked
     *                  running by its predecessor, so an unclean previous run is not read again
     */
    public Controller(GunHardware hw, ControllerSettings settings, NeedleCounters counters, EventSink events,
            ServiceMailbox mailbox, boolean successor) {
        this(hw, settings, counters, events, true, mailbox, successor);
    }

    /**
     * A controller whose safety monitor judges nothing: only for the tests that show the property
     * tests can find violations (requirements §12). Package-private on purpose.
     */
    static Controller unguardedForTests(GunHardware hw, ControllerSettings settings, NeedleCounters counters,
            EventSink events) {
        return new Controller(hw, settings, counters, events, false, new ServiceMailbox(), false, null);
    }

    /**
     * A controller whose monitor has one check switched off: only for the tests that show a
     * search of the accepted world can fail (requirements §12). Public for the composition root alone
     * ({@code GunParts.withoutMonitorCheckForTests}); an ArchUnit rule keeps every other main
     * class from calling it.
     */
    public static Controller withoutCheckForTests(GunHardware hw, ControllerSettings settings,
            NeedleCounters counters, EventSink events, ServiceMailbox mailbox, SafetyMonitor.Check off) {
        return new Controller(hw, settings, counters, events, true, mailbox, false, off);
    }

    private Controller(GunHardware hw, ControllerSettings settings, NeedleCounters counters, EventSink events,
            boolean guarded, ServiceMailbox mailbox, boolean successor) {
        this(hw, settings, counters, events, guarded, mailbox, successor, null);
    }

    private Controller(GunHardware hw, ControllerSettings settings, NeedleCounters counters, EventSink events,
            boolean guarded, ServiceMailbox mailbox, boolean successor, SafetyMonitor.Check off) {
        this.guarded = guarded;
        this.mailbox = mailbox;
        this.hw = hw;
        this.settings = settings;
        NeedleGuard needle = new NeedleGuard(settings.punctureLimit(), settings.needleTimeLimitNanos(),
                settings.hubRemovedNanos(), settings.zeroSteps(), counters);
        if (!successor) {
            if (!counters.previousRunClean()) {
                needle.lockOut();   // SR-4: after an unclean stop the needle may have been used unrecorded
            }
            counters.markRunning();
        }
        PlungerWatch plunger = new PlungerWatch(hw.plunger().isPresent(), settings.micronsPerUl(),
                hw.plunger().isPresent() ? hw.plunger().resolutionMicrons() : 0, 0);
        this.monitor = new SafetyMonitor(settings, needle, plunger, off);
        this.machine = new InjectionMachine(settings, monitor, events, mailbox);
        this.stage = new OutputStage(hw, settings);
    }

    public void tick(long now) {
        ticks++;
        in.read(hw, now);
        in.telemetryTrouble = mailbox.telemetryTrouble();
        if (stallReported) {
            stallReported = false;
            monitor.raise(FaultCode.LOOP_STALLED, now);
        }
        machine.step(in, out);
        if (!guarded) {
            monitor.observeOnly(in, out);
        } else if (!monitor.check(in, out, machine.activity())) {
            vetoes++;
        }
        stage.apply(out);
    }

    /**
     * The watchdog's path when the loop stalls (SR-7): called from another thread, so it touches
     * only the hardware, and leaves the latching of the fault to the loop's next tick.
     */
    public void makeSafe() {
        stage.makeSafe();
        stallReported = true;
    }

    /** A clean stop (SIGTERM): safe outputs, counters marked clean. */
    public void shutdown(NeedleCounters counters) {
        stage.makeSafe();
        counters.markClean();
    }

    /**
     * What the last tick commanded, after the safety monitor: for a trace of the loop's behaviour
     * (read on the loop thread, between ticks; never to be written).
     */
    public Outputs lastOutputs() {
        return out;
    }

    public InjectionMachine machine() {
        return machine;
    }

    public SafetyMonitor monitor() {
        return monitor;
    }

    public ControllerSettings settings() {
        return settings;
    }

    public long ticks() {
        return ticks;
    }

    public long vetoes() {
        return vetoes;
    }
}
