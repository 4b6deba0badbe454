package org.mesogun.simulator;

import org.mesogun.hal.Buzzer;
import org.mesogun.hal.ClinicianPanel;
import org.mesogun.hal.DigitalInput;
import org.mesogun.hal.LedState;
import org.mesogun.hal.StatusLed;

/** The panel, LED and buzzer of the simulated gun: they only remember what they were told. */
final class SimOutputs {

    private SimOutputs() {
    }

    static final class Panel implements ClinicianPanel {
        private final DigitalInput up;
        private final DigitalInput down;
        private final DigitalInput select;
        private final StringBuilder line1 = new StringBuilder(32);
        private final StringBuilder line2 = new StringBuilder(32);
        private String text;

        Panel(DigitalInput up, DigitalInput down, DigitalInput select) {
            this.up = up;
            this.down = down;
            this.select = select;
        }

        @Override
        public DigitalInput up() {
            return up;
        }

        @Override
        public DigitalInput down() {
            return down;
        }

        @Override
        public DigitalInput select() {
            return select;
        }

        @Override
        public void show(CharSequence l1, CharSequence l2) {
            line1.setLength(0);
            line1.append(l1);
            line2.setLength(0);
            line2.append(l2);
            text = null;
        }

        /** Built once per change: a scenario reads the panel every tick. */
        String text() {
            if (text == null) {
                text = line1 + " | " + line2;
            }
            return text;
        }

        @Override
        public String safeState() {
            return "display keeps its last text";
        }

        @Override
        public void goSafe() {
        }

        @Override
        public void close() {
        }
    }

    static final class Led implements StatusLed {
        private LedState state = LedState.OFF;

        @Override
        public void set(LedState s) {
            state = s;
        }

        @Override
        public LedState state() {
            return state;
        }

        @Override
        public String safeState() {
            return "off";
        }

        @Override
        public void goSafe() {
            state = LedState.OFF;
        }

        @Override
        public void close() {
            goSafe();
        }
    }

    static final class Beeper implements Buzzer {
        private boolean on;

        @Override
        public void sound(boolean s) {
            on = s;
        }

        @Override
        public boolean isSounding() {
            return on;
        }

        @Override
        public String safeState() {
            return "silent";
        }

        @Override
        public void goSafe() {
            on = false;
        }

        @Override
        public void close() {
            goSafe();
        }
    }
}
