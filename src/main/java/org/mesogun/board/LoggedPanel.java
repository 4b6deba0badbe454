package org.mesogun.board;

import org.mesogun.hal.ClinicianPanel;
import org.mesogun.hal.DigitalInput;

/**
 * The clinician panel: three debounced buttons and, standing in for the display until its
 * driver is picked, two lines kept in memory and logged when they change. The text is copied
 * into buffers owned here, so showing the same lines again allocates nothing.
 */
public final class LoggedPanel implements ClinicianPanel {

    private static final System.Logger LOG = System.getLogger(LoggedPanel.class.getName());

    private final DigitalInput up;
    private final DigitalInput down;
    private final DigitalInput select;
    private final StringBuilder line1 = new StringBuilder(32);
    private final StringBuilder line2 = new StringBuilder(32);

    public LoggedPanel(DigitalInput up, DigitalInput down, DigitalInput select) {
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
    public synchronized void show(CharSequence l1, CharSequence l2) {
        if (sameText(line1, l1) && sameText(line2, l2)) {
            return;
        }
        line1.setLength(0);
        line1.append(l1);
        line2.setLength(0);
        line2.append(l2);
        LOG.log(System.Logger.Level.INFO, "panel: [{0}] [{1}]", line1, line2);
    }

    private static boolean sameText(StringBuilder shown, CharSequence text) {
        if (shown.length() != text.length()) {
            return false;
        }
        for (int i = 0; i < shown.length(); i++) {
            if (shown.charAt(i) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** What the display would show now. */
    public synchronized String[] lines() {
        return new String[] {line1.toString(), line2.toString()};
    }

    /** A display cannot hurt anyone; what it shows is left, as it may be an alarm. */
    @Override
    public String safeState() {
        return "nothing to make safe (display stand-in keeps its lines)";
    }

    @Override
    public void goSafe() {
        // Nothing to drive: see safeState().
    }

    @Override
    public void close() {
        // The buttons belong to the board, which releases them.
    }
}
