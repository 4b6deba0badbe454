package org.mesogun.board;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.mesogun.hal.NanoClock;
import org.mesogun.hal.ValveDrive;

/** A Pi4J context on the mock platform, and settings fast enough for unit tests. */
final class MockBoard {

    final EventLog log = new EventLog();
    final RecordingPwmProvider pwmProvider = new RecordingPwmProvider(log);
    final Context context;

    MockBoard() {
        // The platform and the providers added explicitly: autoDetectMockPlugins() alone loads
        // nothing (the Pi4J 2 mock plugin registers no providers by itself).
        context = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        pwmProvider)
                .build();
    }

    static BoardPins pins() {
        return new BoardPins(17, 27, 22, 18, 23, 5, 6, 13, 19, 26, 21, 20, 16, 12, 25, 24);
    }

    static BoardSettings settings() {
        return settings(new ValveDrive(1_000, 0.3, 1_000_000, 0.5));
    }

    static BoardSettings settings(ValveDrive drive) {
        return new BoardSettings(2_000_000, Set.of(BoardInput.TRIGGER, BoardInput.STOP),
                2_000, 1_000, 40_000, 100_000, drive, 20_000, 50_000);
    }

    DigitalOutput output(String id) {
        return context.registry().get(id, DigitalOutput.class);
    }

    /** Logs every level change of an output line as "id HIGH" / "id LOW". */
    DigitalOutput logged(String id) {
        DigitalOutput out = output(id);
        out.addListener(e -> log.add(id + " " + e.state()));
        return out;
    }

    void shutdown() {
        context.shutdown();
    }

    /** A clock the test moves by hand. */
    static final class ManualClock implements NanoClock {
        private final AtomicLong now = new AtomicLong(1_000_000_000L);

        @Override
        public long nanoTime() {
            return now.get();
        }

        void advanceMicros(long micros) {
            now.addAndGet(micros * 1000);
        }
    }
}
