package org.mesogun.board;

import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmConfig;
import com.pi4j.io.pwm.PwmProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwm;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProviderImpl;
import java.util.ArrayList;
import java.util.List;

/**
 * Pi4J's mock PWM provider, whose channels also log every on/off with the duty cycle applied.
 * MockPwm has no change events, and a peak lasting a millisecond cannot be caught by polling.
 */
final class RecordingPwmProvider extends MockPwmProviderImpl {

    /** One write to the channel: on at {@code dutyPercent}, or off. */
    record Write(boolean on, float dutyPercent, long atNanos) {
    }

    private final List<Write> writes = new ArrayList<>();
    private final EventLog log;

    RecordingPwmProvider(EventLog log) {
        this.log = log;
    }

    @Override
    public Pwm create(PwmConfig config) {
        Pwm pwm = new RecordingPwm(this, config);
        context.registry().add(pwm);
        return pwm;
    }

    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    private synchronized void record(boolean on, float duty) {
        writes.add(new Write(on, duty, System.nanoTime()));
        log.add(on ? "pwm on " + duty : "pwm off");
    }

    private final class RecordingPwm extends MockPwm {
        RecordingPwm(PwmProvider provider, PwmConfig config) {
            super(provider, config);
        }

        @Override
        public Pwm on() {
            super.on();
            record(true, dutyCycle);
            return this;
        }

        @Override
        public Pwm off() {
            super.off();
            record(false, dutyCycle);
            return this;
        }
    }
}
