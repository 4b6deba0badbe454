package org.mesogun.controller.safety;

/**
 * Every fault the controller latches, with its number (stable: dashboards and the console's
 * alarm table use it), the requirement it serves and how fast it is detected, in ticks after the
 * condition becomes observable. Listed in docs/faults.md.
 */
public enum FaultCode {
    DEPTH_LIMIT(10, "SR-1", 1, "commanded or measured position beyond the depth limit"),
    DOSE_TIME_LIMIT(20, "SR-2", 1, "valve pulse longer than the dose or max_open_ms allows"),
    VALVE_NOT_CLOSED(21, "SR-2", 2, "valve still energised after its pulse time"),
    SEQUENCE(30, "SR-3", 1, "valve asked to open off-depth, without skin contact, or while moving"),
    NEEDLE_LOCKED(40, "SR-4", 1, "fire asked on a locked-out needle"),
    VOLUME_LIMIT(50, "SR-5", 1, "dose beyond the session cap or the reservoir"),
    RATE_LIMIT(60, "SR-6", 1, "shots closer than the minimum interval"),
    LOOP_LATE(70, "SR-7", 1, "a tick later than the watchdog limit"),
    LOOP_STALLED(71, "SR-7", 0, "the loop stalled: the watchdog made the outputs safe"),
    ENCODER_MISMATCH(80, "SR-8", 1, "encoder disagrees with the command by more than the tolerance"),
    PARK_FLAG_MISSING(81, "SR-8", 3, "park flag not seen after a retract"),
    PARK_FLAG_STUCK(82, "SR-8", 3, "park flag reads at park with the needle out"),
    HOME_UNEXPECTED(83, "SR-8", 1, "home switch active away from home"),
    HOMING_FAILED(84, "SR-8", 1, "home switch not found within the travel"),
    MOVE_TIMEOUT(85, "SR-8", 1, "a move did not finish in time"),
    DOSE_NOT_DELIVERED(90, "SR-9", 8, "plunger did not move: occlusion or valve stuck closed"),
    DOSE_OUT_OF_TOLERANCE(91, "SR-9", 8, "measured dose outside its tolerance"),
    VALVE_LEAK(92, "SR-9", 25, "plunger moving with the valve closed: valve stuck open"),
    SENSOR_IMPLAUSIBLE(93, "SR-9", 3, "plunger sensor readings jump: sensor fault"),
    VALVE_OVERHEAT(94, "SR-9", 1, "valve duty cycle above its thermal limit"),
    SYRINGE_MISMATCH(95, "SR-5", 15, "plunger disagrees with the scale-calibrated flow: syringe bore or type,"
            + " flow calibration, or product"),
    CALIBRATION_INVALID(100, "SR-10", 0, "calibration missing or corrupt: not armed"),
    SELF_TEST_FAILED(101, "SR-10", 0, "start-up self-test failed"),
    STOP_PRESSED(110, "SR-11", 1, "stop button pressed"),
    NEEDLE_HUB_OPENED(111, "SR-4", 6, "needle hub opened during a shot"),
    TRIGGER_STUCK(112, "SR-3", 60_000, "trigger held for 60 s, far longer than any use"),
    INTERNAL(120, "-", 0, "unexpected error in the loop");

    private final int code;
    private final String requirement;
    private final int detectionTicks;
    private final String text;

    FaultCode(int code, String requirement, int detectionTicks, String text) {
        this.code = code;
        this.requirement = requirement;
        this.detectionTicks = detectionTicks;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String requirement() {
        return requirement;
    }

    /** Ticks from the condition being observable to the fault being latched. */
    public int detectionTicks() {
        return detectionTicks;
    }

    public String text() {
        return text;
    }
}
