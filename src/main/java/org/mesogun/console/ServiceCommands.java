package org.mesogun.console;

import static org.mesogun.console.CommandArgs.count;
import static org.mesogun.console.CommandArgs.fail;
import static org.mesogun.console.CommandArgs.number;

import java.util.Locale;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.LiveController;
import org.mesogun.controller.ServiceMailbox;
import org.mesogun.controller.ServiceMailbox.Op;
import org.mesogun.controller.ServiceMailbox.Result;

/**
 * The commands that act on the gun (requirements §6): {@code SERVICE ON|OFF}, {@code HOME},
 * {@code JOG}, {@code ZERO}, {@code PRIME}, {@code TESTSHOT}, {@code ACK}. Each is checked here,
 * posted to the loop through the {@link ServiceMailbox} and answered when the loop has done it;
 * the loop, not the console, decides whether the gun can (SR-12, SR-13).
 */
final class ServiceCommands implements ConsoleEngine.Answer {

    static final int MAX_TESTSHOTS = 50;

    private final DeviceConfig config;
    private final LiveController live;
    private final ConsoleAccess access;
    private final CalibrationCommands calibration;
    private final ConsoleEngine engine;

    ServiceCommands(DeviceConfig config, LiveController live, ConsoleAccess access, CalibrationCommands calibration,
            ConsoleEngine engine) {
        this.config = config;
        this.live = live;
        this.access = access;
        this.calibration = calibration;
        this.engine = engine;
    }

    void service(String[] w) {
        String arg = w.length == 2 ? w[1].toUpperCase(Locale.ROOT) : "";
        if (!arg.equals("ON") && !arg.equals("OFF")) {
            throw fail(ConsoleError.BAD_SYNTAX, "SERVICE ON|OFF");
        }
        access.guard(false);
        engine.post(arg.equals("ON") ? Op.SERVICE_ON : Op.SERVICE_OFF, 0, 0, this);
    }

    /** HOME, ZERO, PRIME: no argument, in SERVICE. */
    void simple(String[] w, Op op) {
        CommandArgs.words(w, 1, null);
        access.guard(true);
        engine.post(op, 0, op == Op.PRIME ? 5 : 0, this);
    }

    void jog(String[] w) {
        CommandArgs.words(w, 2, "JOG <mm>");
        double mm = number(w[1], -40, 40);
        access.guard(true);
        engine.post(Op.JOG, mm, 0, this);
    }

    void testshot(String[] w) {
        CommandArgs.words(w, 3, "TESTSHOT <n> <ul>");
        int n = count(w[1], 1, MAX_TESTSHOTS);
        double maxUl = calibration.active().flowUlPerMs() * config.valve().maxOpenMs()
                + calibration.active().flowOffsetUl();
        double ul = number(w[2], 1, Math.floor(maxUl));
        access.guard(true);
        calibration.testShots(n, ul);
        engine.post(Op.TESTSHOT, ul, n, this);
    }

    void ack(String[] w) {
        CommandArgs.words(w, 1, null);
        access.guard(false);
        engine.post(Op.ACK, 0, 0, this);
    }

    @Override
    public void answered(Op op, Result r) {
        ServiceMailbox mailbox = live.mailbox();
        if (r == Result.OUT_OF_TRAVEL) {
            engine.say(error(r).line(travel()));
            return;
        }
        if (op == Op.ZERO && r == Result.OUT_OF_RANGE) {
            engine.say(error(r).line("ZERO at park: the tip is behind the nose there; JOG until it is flush, then"
                    + " ZERO"));
            return;
        }
        if (r != Result.OK) {
            engine.say(error(r).line(op.name()));
            return;
        }
        switch (op) {
            case SERVICE_OFF -> {
                calibration.discardPending("SERVICE OFF");
                engine.ok(null);
            }
            case ZERO -> calibration.zeroedAt(mailbox.position());
            case JOG, HOME -> engine.ok("[MSG:at " + mailbox.position() + " steps]");
            default -> engine.ok(null);
        }
    }

    static ConsoleError error(Result r) {
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

    /**
     * A JOG past the travel names the travel: from home to the deepest command the monitor allows,
     * in depth mm, where the tip is, and so how far each way it may go.
     */
    private String travel() {
        ControllerSettings s = live.current().settings();
        long deepest = Math.min(Math.round(s.travelMm() * s.stepsPerMm()), live.current().monitor().depthLimitSteps());
        long at = live.mailbox().position();
        return String.format(Locale.ROOT, "JOG: the travel is %.2f mm (home) to %.2f mm deep; the tip is at %.2f mm,"
                + " so JOG %+.2f to %+.2f", s.stepsToDepthMm(0), s.stepsToDepthMm(deepest), s.stepsToDepthMm(at),
                -at / s.stepsPerMm(), (deepest - at) / s.stepsPerMm());
    }
}
