package org.mesogun.board;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.spi.Spi;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import java.util.ArrayList;
import java.util.List;
import com.pi4j.io.IO;
import org.mesogun.board.tmc.Tmc5160Axis;
import org.mesogun.board.tmc.Tmc5160Settings;
import org.mesogun.board.tmc.Tmc5160Spi;

/**
 * A Pi4J mock context whose SPI is a {@link Tmc5160Model}, with the board's ENABLE line wired to
 * the model's DRV_ENN pin (through an inverter, or straight when active-low).
 */
final class TmcBench {

    static final int ENABLE_BCM = 22;

    final Tmc5160Model model;
    final Context context;
    final List<IO<?, ?, ?>> ios = new ArrayList<>();
    private final boolean activeLow;

    TmcBench(boolean enableActiveLow) {
        this.activeLow = enableActiveLow;
        model = new Tmc5160Model(Tmc5160Settings.defaults().fclkHz());
        context = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockPwmProvider.newInstance(), new ModelSpiProvider(model))
                .build();
    }

    TmcBench() {
        this(false);
    }

    /** Builds the axis through the board's factory, and wires ENABLE to the model's DRV_ENN. */
    Tmc5160Axis axis() {
        return axis(Tmc5160Settings.defaults());
    }

    Tmc5160Axis axis(Tmc5160Settings settings) {
        TmcWiring wiring = new TmcWiring(0, 0, activeLow, settings);
        // The line is claimed in the factory; wire it to the model as soon as it exists.
        DigitalOutput enable = activeLow
                ? Pins.outputHighWhenSafe(context, "mesogun-enable", ENABLE_BCM)
                : Pins.outputLowWhenSafe(context, "mesogun-enable", ENABLE_BCM);
        wire(enable);
        ios.add(enable);
        Spi spi = Pins.spiMode3(context, "mesogun-tmc5160", 0, 0, settings.spiBaud());
        ios.add(spi);
        return Tmc5160Axis.create(new Tmc5160Spi(spi), enable, wiring.enableActiveLow(), settings);
    }

    /** Follows the line's level onto DRV_ENN: straight when active-low, else through an inverter. */
    void wire(DigitalOutput enable) {
        model.ennPin(activeLow ? enable.isLow() : enable.isHigh());
        enable.addListener(e -> model.ennPin(activeLow ? e.state().isLow() : e.state().isHigh()));
    }

    DigitalOutput enableLine() {
        return context.registry().get("mesogun-enable", DigitalOutput.class);
    }

    void shutdown() {
        context.shutdown();
    }
}
