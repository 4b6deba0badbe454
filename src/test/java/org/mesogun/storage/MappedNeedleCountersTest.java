package org.mesogun.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aMissingFileStartsOnNeedleOneClean() throws Exception {
        MappedNeedleCounters c = MappedNeedleCounters.openOrLockOut(dir.resolve("sub/needle.bin"));
        assertEquals(1, c.needleSerial());
        assertEquals(0, c.punctures());
        assertFalse(c.lockedOut());
        assertTrue(c.previousRunClean());
    }
}
