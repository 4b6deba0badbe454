package org.mesogun.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;

/** SR-4: the needle's counts survive a restart; an unclean stop or a damaged file locks it out. */
class MappedNeedleCountersTest {

    @TempDir
    Path dir;

    @Test
    @Verifies("SR-4")
    void countsSurviveARestart() throws Exception {
        Path f = dir.resolve("needle.bin");
        MappedNeedleCounters.initialise(f);
        MappedNeedleCounters a = MappedNeedleCounters.openOrLockOut(f);
        a.markRunning();
        a.newNeedle();
        for (int i = 0; i < 37; i++) {
            a.addPuncture();
        }
        a.addNeedleTime(5_000_000_000L);
        a.markClean();

        MappedNeedleCounters b = MappedNeedleCounters.openOrLockOut(f);
        assertEquals(2, b.needleSerial());
        assertEquals(37, b.punctures());
        assertEquals(5_000_000_000L, b.needleTimeNanos());
        assertFalse(b.lockedOut());
        assertTrue(b.previousRunClean());
    }

    @Test
    @Verifies("SR-4")
    void aRunThatNeverStoppedCleanlyIsReportedUnclean() throws Exception {
        Path f = dir.resolve("needle.bin");
        MappedNeedleCounters.initialise(f);
        MappedNeedleCounters a = MappedNeedleCounters.openOrLockOut(f);
        a.markRunning();
        a.addPuncture();   // then the process dies: no markClean

        MappedNeedleCounters b = MappedNeedleCounters.openOrLockOut(f);
        assertFalse(b.previousRunClean());
        assertEquals(1, b.punctures());
    }

    @Test
    @Verifies("SR-4")
    void aDamagedFileLocksTheFittedNeedleOut() throws Exception {
        Path f = dir.resolve("needle.bin");
        MappedNeedleCounters.initialise(f);
        MappedNeedleCounters a = MappedNeedleCounters.openOrLockOut(f);
        a.addPuncture();
        a.markClean();
        byte[] bytes = Files.readAllBytes(f);
        bytes[12] ^= 0x5A;   // the puncture count, flipped on disk
        Files.write(f, bytes);

        MappedNeedleCounters b = MappedNeedleCounters.openOrLockOut(f);
        assertTrue(b.lockedOut());
        assertFalse(b.previousRunClean());
        assertEquals(0, b.punctures());
        b.newNeedle();
        assertFalse(b.lockedOut(), "a needle change clears it");
    }

    @Test
    @Verifies("SR-4")
    void onlyAnExplicitInitStartsUnlocked() throws Exception {
        Path f = dir.resolve("sub/needle.bin");
        MappedNeedleCounters.initialise(f);
        MappedNeedleCounters c = MappedNeedleCounters.openOrLockOut(f);
        assertEquals(1, c.needleSerial());
        assertEquals(0, c.punctures());
        assertFalse(c.lockedOut());
        assertNull(c.problem());
        assertTrue(c.previousRunClean());
        assertThrows(java.io.IOException.class, () -> MappedNeedleCounters.initialise(f), "init never resets counts");
    }

    /** A used needle (37 punctures) whose counter file is then damaged in one of the ways found. */
    private Path usedNeedle() throws Exception {
        Path f = dir.resolve("needle.bin");
        MappedNeedleCounters.initialise(f);
        MappedNeedleCounters a = MappedNeedleCounters.openOrLockOut(f);
        a.markRunning();
        for (int i = 0; i < 37; i++) {
            a.addPuncture();
        }
        a.markClean();
        return f;
    }

    private static void assertLockedOutWithReason(MappedNeedleCounters c, String reason) {
        assertTrue(c.lockedOut(), "a used needle must not come back fresh");
        assertTrue(c.problem() != null && c.problem().contains(reason), c.problem());
        c.newNeedle();
        assertFalse(c.lockedOut(), "a needle change clears it");
    }

    @Test
    @Verifies("SR-4")
    void aDeletedCounterFileLocksTheNeedleOut() throws Exception {
        Path f = usedNeedle();
        Files.delete(f);
        assertLockedOutWithReason(MappedNeedleCounters.openOrLockOut(f), "missing");
    }

    @Test
    @Verifies("SR-4")
    void anEmptyCounterFileLocksTheNeedleOut() throws Exception {
        Path f = usedNeedle();
        Files.write(f, new byte[0]);
        assertLockedOutWithReason(MappedNeedleCounters.openOrLockOut(f), "0 bytes");
    }

    @Test
    @Verifies("SR-4")
    void aTruncatedCounterFileLocksTheNeedleOut() throws Exception {
        Path f = usedNeedle();
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, 20));
        assertLockedOutWithReason(MappedNeedleCounters.openOrLockOut(f), "20 bytes");
    }

    @Test
    @Verifies("SR-4")
    void aCounterFileOneByteLongerLocksTheNeedleOut() throws Exception {
        Path f = usedNeedle();
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length + 1));
        assertLockedOutWithReason(MappedNeedleCounters.openOrLockOut(f), (b.length + 1) + " bytes");
    }

    /** A power cut before the page was written back: the file is there, of its size, all zeros. */
    @Test
    @Verifies("SR-4")
    void aCounterFileLostInAPowerCutLocksTheNeedleOut() throws Exception {
        Path f = usedNeedle();
        Files.write(f, new byte[(int) Files.size(f)]);
        assertLockedOutWithReason(MappedNeedleCounters.openOrLockOut(f), "checksum");
    }

    /** A mistyped --data-dir looks like a first start; it is not one. */
    @Test
    @Verifies("SR-4")
    void aWrongDataDirectoryLocksTheNeedleOut() throws Exception {
        usedNeedle();
        assertLockedOutWithReason(MappedNeedleCounters.openOrLockOut(dir.resolve("var-typo/needle.bin")), "missing");
    }
}
