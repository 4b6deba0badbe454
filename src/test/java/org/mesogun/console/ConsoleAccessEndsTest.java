package org.mesogun.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;
import org.mesogun.controller.State;

/**
 * Issue 18, item 3: access that ends. A login expires after its idle time; unsaved changes are
 * discarded on LOGOUT, SERVICE OFF, Ctrl-X and expiry, never saved later under another user; the
 * lock-out after five wrong PINs survives a restart; logins, failed logins, lock-outs, logouts
 * and expiries are audited.
 */
class ConsoleAccessEndsTest {

    @TempDir
    Path dir;

    private static String code(List<String> reply) {
        String last = ConsoleBench.last(reply);
        return last.startsWith("error:") ? last.substring(6).split(" ")[0] : last;
    }

    /** Logged in with a changed PIN, in SERVICE. */
    private static ConsoleBench inService(Path dir) throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 1);
        b.until(State.FAULT, 1_000);
        b.ok("LOGIN factory 0000");
        b.ok("PIN SET 4321");
        b.ok("SERVICE ON");
        return b;
    }

    /** In SERVICE, with steps/mm changed and not saved. */
    private static ConsoleBench pending(Path dir) throws Exception {
        ConsoleBench b = inService(dir);
        b.ok("$steps_per_mm=410");
        assertEquals(410.0, b.engine.draftCalibration().stepsPerMm());
        return b;
    }

    private static void discarded(ConsoleBench b, List<String> reply, String why) {
        assertTrue(reply.stream().anyMatch(l -> l.equals("[MSG:pending changes discarded (" + why + ")]")), reply.toString());
        assertEquals(b.engine.activeCalibration(), b.engine.draftCalibration(), "the draft is the saved calibration again");
    }

    @Test
    @Verifies("SR-13")
    void logoutDiscardsPendingChangesAndTheNextUserCannotSaveThem() throws Exception {
        ConsoleBench b = pending(dir);
        discarded(b, b.send("LOGOUT"), "logged out");
        b.ok("LOGIN factory 4321");
        b.ok("SERVICE ON");
        assertTrue(b.ok("SAVE").contains("nothing to save") || b.engine.activeCalibration().stepsPerMm() != 410,
                "410 was never saved");
    }

    @Test
    @Verifies("SR-13")
    void serviceOffDiscardsPendingChanges() throws Exception {
        ConsoleBench b = pending(dir);
        discarded(b, b.send("SERVICE OFF"), "SERVICE OFF");
    }

    @Test
    @Verifies("SR-13")
    void ctrlXDiscardsPendingChanges() throws Exception {
        ConsoleBench b = pending(dir);
        discarded(b, b.raw(new byte[] {0x18}), "reset");
    }

    @Test
    @Verifies("SR-13")
    void anIdleLoginExpiresDiscardsItsChangesAndIsAudited() throws Exception {
        ConsoleBench b = pending(dir);
        int from = b.output.size();
        b.run(299_000);
        assertEquals("ok", code(b.send("$$")), "still logged in after 299 s idle");
        b.run(300_500);
        List<String> said = b.output.subList(from, b.output.size());
        assertTrue(said.contains("[MSG:login expired after 300 s idle]"), said.toString());
        assertEquals("6", code(b.send("$steps_per_mm=411")), "logged out: login required");
        String audit = Files.readString(b.audit.file());
        assertTrue(audit.contains("\tlogout\tlogged in\texpired after 300 s idle"), audit);
        assertTrue(audit.contains("\tlogin\t-\tlogged in"), audit);
    }

    @Test
    @Verifies("SR-13")
    void theLockOutSurvivesARestartAndFailedLoginsAreAudited() throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 1);
        b.run(10);
        for (int i = 0; i < 4; i++) {
            assertEquals("7", code(b.send("LOGIN factory 999" + i)));
        }
        // Restarted after four: the fifth wrong PIN still locks.
        ConsoleBench again = new ConsoleBench(dir, 1);
        again.run(10);
        assertEquals("7", code(again.send("LOGIN factory 9994")));
        assertEquals("8", code(again.send("LOGIN factory 0000")), "locked");
        again.run(60_000);
        // Restarted a minute into the lock-out: four minutes of powered time are left, not none.
        ConsoleBench third = new ConsoleBench(dir, 1);
        third.run(10);
        assertEquals("8", code(third.send("LOGIN factory 0000")), "still locked after a restart");
        third.run(230_000);
        assertEquals("8", code(third.send("LOGIN factory 0000")));
        third.run(20_000);
        assertEquals("ok", code(third.send("LOGIN factory 0000")), "unlocked after five minutes of powered time in all");
        String audit = Files.readString(third.audit.file());
        assertEquals(5, audit.lines().filter(l -> l.contains("\tlogin failed factory\t")).count(), audit);
        assertTrue(audit.contains("locked out for 5 min of powered time"), audit);
    }

    @Test
    @Verifies("SR-13")
    void aDamagedLockOutFileLocksTheConsoleAndSaysSo() throws Exception {
        Files.writeString(dir.resolve(PinLockout.FILE), "garbage");
        ConsoleBench b = new ConsoleBench(dir, 1);
        assertTrue(b.output.stream().anyMatch(l -> l.contains("is damaged") && l.contains("locked")), b.output.toString());
        b.run(10);
        assertEquals("8", code(b.send("LOGIN factory 0000")));
    }

    /**
     * Issue 18, item 4: a tip moved past zero in SERVICE touched a gauge or the bench: no injection
     * puncture is counted, and the needle is locked out until changed, though it may still be
     * jogged on the bench.
     */
    @Test
    @Verifies("SR-4")
    void aNeedleMovedPastZeroInServiceCountsNoPunctureAndIsLockedOut() throws Exception {
        ConsoleBench b = inService(dir);
        b.ok("HOME");
        int punctures = b.counters.punctures();
        assertTrue(!b.counters.lockedOut(), "a fresh needle");
        b.ok("JOG 2");   // park is 1 mm behind zero: the tip is 1 mm into the gauge
        assertEquals(punctures, b.counters.punctures(), "a gauge is no injection");
        assertTrue(b.counters.lockedOut(), "no longer sterile");
        b.ok("JOG 0.5");
        b.ok("HOME");
        assertTrue(b.counters.lockedOut(), "until changed");
    }

    @Test
    void zeroAtParkIsRefusedAndAValueTypedTooPreciselyIsAnsweredWithWhatIsKept() throws Exception {
        ConsoleBench b = inService(dir);
        b.ok("HOME");   // at park, 1 mm behind zero
        String e = ConsoleBench.last(b.send("ZERO"));
        assertTrue(e.startsWith("error:5 ") && e.contains("ZERO at park"), e);
        b.ok("JOG 1");
        b.ok("ZERO");
        String kept = b.ok("$steps_per_mm=410.123456");
        assertTrue(kept.contains("typed 410.123456, kept to the setting's precision"), kept);
        assertEquals(Double.parseDouble(kept.replaceAll("(?s).*-> ([0-9.]+),.*", "$1")),
                b.engine.draftCalibration().stepsPerMm(), "the answer is the value kept");
    }
}
