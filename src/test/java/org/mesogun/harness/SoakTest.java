package org.mesogun.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/**
 * The short form of the soak (the full form, a million injections, is
 * {@code java -jar target/mesogun.jar reliability}): nappage sessions with needle and syringe
 * changes and the session cap reached, judged by the simulator; the heap after a full GC does
 * not grow from run to run.
 */
class SoakTest {

    @Test
    @Verifies({"SR-1", "SR-2", "SR-3", "SR-4", "SR-5", "SR-6"})
    void twentyThousandInjectionsWithoutViolationAndWithoutAHeapThatGrows() {
        ReliabilityReport.Soak s = ReliabilityReport.soak(Runs.profile(), 20_000, 5_000, null);

        assertTrue(s.points() >= 20_000);
        assertEquals(0, s.violations());
        assertTrue(s.heapEndBytes() < s.heapStartBytes() + 16_000_000L,
                "heap " + s.heapStartBytes() + " -> " + s.heapEndBytes() + " bytes");
    }
}
