package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.IOType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mesogun.hal.AxisFeedback;
import org.mesogun.hal.DigitalInput;
import org.mesogun.hal.GunHardware;
import org.mesogun.hal.InvalidHardwareSetupException;
import org.mesogun.hal.NanoClock;
import org.mesogun.hal.NeedleAxis;
import org.mesogun.hal.PlungerSensor;

/**
 * The gun on a Raspberry Pi's GPIO header, through Pi4J. Built from a Pi4J context the caller
 * owns (and shuts down after {@link #close()}), the pin map and the board's settings.
 */
public final class Pi4jGunHardware implements GunHardware {

    /** The I/O kinds this board uses; all must come from real providers when driving a gun. */
    private static final IOType[] USED = {IOType.DIGITAL_INPUT, IOType.DIGITAL_OUTPUT, IOType.PWM, IOType.SPI};

    private final Context context;
    private volatile String outputsAtClose;
    private final PwmDoseValve valve;
    private final NeedleAxis axis;
    private final GpioStatusLed led;
    private final GpioBuzzer buzzer;
    private final Map<BoardInput, GpioDigitalInput> inputs;
    private final GpioAxisFeedback feedback;
    private final LoggedPanel panel;
    private final PlungerSensor plunger = new AbsentPlungerSensor();
    private final List<IO<?, ?, ?>> ios;
    private boolean closed;

    private Pi4jGunHardware(Context context, Parts parts) {
        this.context = context;
        this.valve = parts.valve;
        this.axis = parts.axis;
        this.led = parts.led;
        this.buzzer = parts.buzzer;
        this.inputs = parts.inputs;
        this.ios = List.copyOf(parts.ios);
        this.feedback = new GpioAxisFeedback(inputs.get(BoardInput.PARK_FLAG));
        this.panel = new LoggedPanel(inputs.get(BoardInput.PANEL_UP), inputs.get(BoardInput.PANEL_DOWN),
                inputs.get(BoardInput.PANEL_SELECT));
    }

    public static Pi4jGunHardware create(Context context, BoardPins pins, BoardSettings settings) {
        return create(context, pins, settings, NanoClock.SYSTEM);
    }

    /** @param inputClock time for the input debouncers; tests pass one they control */
    public static Pi4jGunHardware create(Context context, BoardPins pins, BoardSettings settings,
                                         NanoClock inputClock) {
        return create(context, pins, settings, inputClock, AxisKind.GPIO_STEP, null);
    }

    /**
     * The board with the chosen step generator ({@code mechanics.axis_driver}). With
     * {@link AxisKind#TMC5160} the axis is the chip on {@code tmc}'s SPI bus and {@code pins.enable()}
     * is its DRV_ENN line; {@code pins.step()} and {@code pins.dir()} are not claimed.
     *
     * @param tmc the chip's wiring; required for TMC5160, ignored for GPIO_STEP
     */
    public static Pi4jGunHardware create(Context context, BoardPins pins, BoardSettings settings,
                                         NanoClock inputClock, AxisKind axisKind, TmcWiring tmc) {
        if (axisKind == AxisKind.TMC5160 && tmc == null) {
            throw new InvalidHardwareSetupException("a TMC5160 axis needs its SPI wiring");
        }
        Parts parts = new Parts();
        try {
            // Outputs first, each claimed in its safe level, so no window exists in which a
            // half-built board leaves a line floating high.
            parts.valve = PwmDoseValve.create(context, pins.valvePwm(), pins.deadman(), settings);
            if (axisKind == AxisKind.TMC5160) {
                TmcAxisFactory.checkPinsFree(pins, tmc);
                parts.axis = TmcAxisFactory.create(context, pins.enable(), tmc, parts.ios);
            } else {
                parts.axis = GpioNeedleAxis.create(context, pins.step(), pins.dir(), pins.enable(), settings);
            }
            parts.led = GpioStatusLed.create(context, pins.led());
            parts.buzzer = GpioBuzzer.create(context, pins.buzzer());
            for (BoardInput which : BoardInput.values()) {
                boolean activeLow = settings.activeLowInputs().contains(which);
                var line = Pins.input(context, which.ioId(), bcm(pins, which), activeLow);
                if (activeLow && line instanceof com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput mock) {
                    // Pi4J's mock lines start low whatever their pull; a pulled-up idle line is high.
                    mock.mockState(com.pi4j.io.gpio.digital.DigitalState.HIGH);
                }
                // The park flag is optical: it does not bounce, and a debounce would make it lag the
                // carriage at full speed by far more than the monitor's tolerance (SR-8).
                long debounce = which == BoardInput.PARK_FLAG ? 0 : settings.debounceNanos();
                parts.inputs.put(which, new GpioDigitalInput(line, activeLow, debounce, inputClock));
            }
            return new Pi4jGunHardware(context, parts);
        } catch (RuntimeException e) {
            parts.closeAll(context);
            throw e;
        }
    }

    private static int bcm(BoardPins pins, BoardInput which) {
        return switch (which) {
            case TRIGGER -> pins.trigger();
            case HOME -> pins.home();
            case PARK_FLAG -> pins.parkFlag();
            case HUB -> pins.hub();
            case SKIN -> pins.skin();
            case STOP -> pins.stop();
            case PANEL_UP -> pins.panelUp();
            case PANEL_DOWN -> pins.panelDown();
            case PANEL_SELECT -> pins.panelSelect();
        };
    }

    /**
     * Whether the context would serve any I/O this board uses from Pi4J's mock plugin. With every
     * plugin on the class path, auto-detection can fall back to mocks silently; {@code run}
     * refuses to drive a gun then.
     */
    public static boolean usesMockProviders(Context context) {
        for (String id : chosenProviders(context).values()) {
            // Every provider of Pi4J's mock plugin has an id "mock-…".
            if (id.startsWith("mock")) {
                return true;
            }
        }
        return false;
    }

    /** The provider id the context chose for each I/O kind this board uses ("none" if none). */
    public static Map<IOType, String> chosenProviders(Context context) {
        Map<IOType, String> chosen = new EnumMap<>(IOType.class);
        for (IOType type : USED) {
            String id;
            try {
                id = context.hasProvider(type) ? context.provider(type).id() : "none";
            } catch (RuntimeException e) {
                id = "none";
            }
            chosen.put(type, id);
        }
        return chosen;
    }

    @Override
    public NeedleAxis axis() {
        return axis;
    }

    @Override
    public AxisFeedback feedback() {
        return feedback;
    }

    @Override
    public PwmDoseValve valve() {
        return valve;
    }

    @Override
    public PlungerSensor plunger() {
        return plunger;
    }

    @Override
    public DigitalInput trigger() {
        return inputs.get(BoardInput.TRIGGER);
    }

    @Override
    public DigitalInput homeSwitch() {
        return inputs.get(BoardInput.HOME);
    }

    @Override
    public DigitalInput needleHub() {
        return inputs.get(BoardInput.HUB);
    }

    @Override
    public DigitalInput skinContact() {
        return inputs.get(BoardInput.SKIN);
    }

    @Override
    public DigitalInput stopButton() {
        return inputs.get(BoardInput.STOP);
    }

    @Override
    public LoggedPanel panel() {
        return panel;
    }

    @Override
    public GpioStatusLed led() {
        return led;
    }

    @Override
    public GpioBuzzer buzzer() {
        return buzzer;
    }

    /** Valve first (it doses), then the axis (it moves), then the rest; releases every line. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Safe levels first (valve first), read back off the pins, then released.
        valve.goSafe();
        axis.goSafe();
        led.goSafe();
        buzzer.goSafe();
        outputsAtClose = describePins();
        Parts parts = new Parts();
        parts.valve = valve;
        parts.axis = axis;
        parts.led = led;
        parts.buzzer = buzzer;
        parts.inputs.putAll(inputs);
        parts.ios.addAll(ios);
        parts.closeAll(context);
        panel.close();
    }

    /**
     * The output lines' levels as the pins report them: live, or as they were when {@link #close()}
     * had driven them safe, just before releasing them.
     */
    public String describeOutputs() {
        String atClose = outputsAtClose;
        return atClose != null ? atClose : describePins();
    }

    private String describePins() {
        StringBuilder sb = new StringBuilder();
        for (String id : new String[] {"mesogun-step", "mesogun-enable", "mesogun-deadman", "mesogun-led",
                "mesogun-buzzer"}) {
            if (context.registry().exists(id)) {
                var out = context.registry().get(id, com.pi4j.io.gpio.digital.DigitalOutput.class);
                sb.append(id.substring(8)).append('=').append(out.state()).append(' ');
            }
        }
        if (context.registry().exists("mesogun-valve")) {
            var pwm = context.registry().get("mesogun-valve", com.pi4j.io.pwm.Pwm.class);
            sb.append("valve=").append(pwm.isOn() ? "on duty " + pwm.getDutyCycle() : "off");
        }
        return sb.toString().trim();
    }

    /** What has been built so far, so a failed build and close() release the same way. */
    private static final class Parts {
        PwmDoseValve valve;
        NeedleAxis axis;
        /** Pi4J IOs a part uses but does not release itself (the TMC5160's SPI and DRV_ENN). */
        final List<IO<?, ?, ?>> ios = new ArrayList<>();
        GpioStatusLed led;
        GpioBuzzer buzzer;
        final Map<BoardInput, GpioDigitalInput> inputs = new EnumMap<>(BoardInput.class);

        /** Each close() never throws, so one failure cannot keep a later device live. */
        void closeAll(Context context) {
            if (valve != null) {
                valve.close();
            }
            if (axis != null) {
                axis.close();
            }
            for (IO<?, ?, ?> io : ios) {
                Pins.release(context, io);
            }
            if (led != null) {
                led.close();
            }
            if (buzzer != null) {
                buzzer.close();
            }
            for (GpioDigitalInput input : inputs.values()) {
                input.detach();
                Pins.release(context, input.line());
            }
        }
    }
}
