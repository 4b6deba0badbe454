package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import org.mesogun.hal.HardwareFaultException;

/** Creates and releases the Pi4J IOs, each with its safe level declared to Pi4J as well. */
final class Pins {

    private Pins() {
    }

    /** An output that starts low and that Pi4J drives low again when its context shuts down. */
    static DigitalOutput outputLowWhenSafe(Context context, String id, int bcm) {
        try {
            return context.create(DigitalOutput.newConfigBuilder(context)
                    .id(id).address(bcm)
                    .initial(DigitalState.LOW)
                    .shutdown(DigitalState.LOW)
                    .build());
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot create output " + id + " on BCM " + bcm, e);
        }
    }

    /**
     * An output that starts high and that Pi4J drives high again when its context shuts down: for
     * an active-low enable (the TMC5160's DRV_ENN wired directly).
     */
    static DigitalOutput outputHighWhenSafe(Context context, String id, int bcm) {
        try {
            return context.create(DigitalOutput.newConfigBuilder(context)
                    .id(id).address(bcm)
                    .initial(DigitalState.HIGH)
                    .shutdown(DigitalState.HIGH)
                    .build());
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot create output " + id + " on BCM " + bcm, e);
        }
    }

    /** A SPI device in mode 3 (clock idles high, data sampled on the rising edge), as the TMC5160 needs. */
    static Spi spiMode3(Context context, String id, int bus, int chipSelect, int baud) {
        try {
            return context.create(Spi.newConfigBuilder(context)
                    .id(id)
                    .bus(SpiBus.getByNumber(bus))
                    .chipSelect(SpiChipSelect.getByNumber(chipSelect))
                    .mode(SpiMode.MODE_3)
                    .baud(baud)
                    .build());
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot open SPI " + id + " on bus " + bus
                    + " chip select " + chipSelect, e);
        }
    }

    /**
     * An input with the pull that holds it inactive when the wire is cut, and Pi4J's own
     * debounce off: {@link GpioDigitalInput} debounces with the HAL's rule instead.
     */
    static DigitalInput input(Context context, String id, int bcm, boolean activeLow) {
        try {
            return context.create(DigitalInput.newConfigBuilder(context)
                    .id(id).address(bcm)
                    .pull(activeLow ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
                    .debounce(0L)
                    .build());
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot create input " + id + " on BCM " + bcm, e);
        }
    }

    /** A hardware PWM channel that starts off and is switched off when the context shuts down. */
    static Pwm pwmOffWhenSafe(Context context, String id, int bcm, int frequencyHz) {
        try {
            return context.create(Pwm.newConfigBuilder(context)
                    .id(id).address(bcm)
                    .pwmType(PwmType.HARDWARE)
                    .frequency(frequencyHz)
                    .initial(0)
                    .shutdown(0)
                    .build());
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot create PWM " + id + " on BCM " + bcm, e);
        }
    }

    /** Hands the line back to Pi4J (which applies its shutdown level); never throws. */
    static void release(Context context, IO<?, ?, ?> io) {
        try {
            if (!context.isShutdown() && context.registry().exists(io.id())) {
                context.registry().remove(io.id());
            }
        } catch (RuntimeException e) {
            // Already in its safe level; a failed release must not stop the others' close().
            System.getLogger(Pins.class.getName()).log(System.Logger.Level.WARNING,
                    "releasing " + io.id() + " failed", e);
        }
    }
}
