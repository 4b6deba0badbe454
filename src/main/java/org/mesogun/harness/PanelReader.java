package org.mesogun.harness;

/** What the simulated clinician reads off the panel: "line1 | line2". */
final class PanelReader {

    private PanelReader() {
    }

    static String line1(String text) {
        int bar = text.indexOf(" | ");
        return bar < 0 ? text : text.substring(0, bar);
    }

    static String line2(String text) {
        int bar = text.indexOf(" | ");
        return bar < 0 ? "" : text.substring(bar + 3);
    }

    /** The point count in a session line such as "P12 N12/120 9.8mL", or -1. */
    static int points(String text) {
        String l2 = line2(text);
        if (!l2.startsWith("P")) {
            return -1;
        }
        int end = 1;
        while (end < l2.length() && Character.isDigit(l2.charAt(end))) {
            end++;
        }
        return end > 1 ? Integer.parseInt(l2.substring(1, end)) : -1;
    }

    /** The panel shows the menu of a gun with no session (or a refusal to start one). */
    static boolean isMenu(String text) {
        String l1 = line1(text);
        return l1.equals("Protocol") || l1.startsWith("Depth mm") || l1.startsWith("Dose uL") || l1.startsWith("Lot")
                || l1.equals("Load syringe") || l1.equals("Prime") || l1.equals("Start session")
                || l1.equals("Cannot start");
    }

    /** The alarm code on an "ALARM 90" screen, or -1. */
    static int alarm(String text) {
        String l1 = line1(text);
        return l1.startsWith("ALARM ") ? Integer.parseInt(l1.substring(6).trim()) : -1;
    }
}
