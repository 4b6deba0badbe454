package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fault table is an interface (dashboards, the console): codes stable, unique, explained. */
class FaultCodeTest {

    @Test
    void codesAreUniqueAndStable() {
        Set<Integer> seen = new HashSet<>();
        for (FaultCode f : FaultCode.values()) {
            assertTrue(seen.add(f.code()), "duplicate code " + f.code());
            assertTrue(f.code() > 0, f.name());
            assertFalse(f.text().isBlank(), f.name());
        }
        assertEquals(10, FaultCode.DEPTH_LIMIT.code());
        assertEquals(70, FaultCode.LOOP_LATE.code());
        assertEquals(110, FaultCode.STOP_PRESSED.code());
        assertEquals("commanded or measured position beyond the depth limit", FaultCode.DEPTH_LIMIT.text());
    }

    @Test
    void everyFaultNamesTheRequirementItServes() {
        for (FaultCode f : FaultCode.values()) {
            assertTrue(f == FaultCode.INTERNAL || f.requirement().matches("SR-(1[0-3]|[1-9])"),
                    f + " " + f.requirement());
        }
        assertEquals("SR-1", FaultCode.DEPTH_LIMIT.requirement());
        assertEquals("SR-8", FaultCode.ENCODER_MISMATCH.requirement());
    }

    @Test
    void detectionBoundsAreStated() {
        for (FaultCode f : FaultCode.values()) {
            assertTrue(f.detectionTicks() >= 0, f.name());
        }
        assertEquals(1, FaultCode.DEPTH_LIMIT.detectionTicks());
        assertEquals(3, FaultCode.PARK_FLAG_MISSING.detectionTicks());
        assertEquals(25, FaultCode.VALVE_LEAK.detectionTicks());
    }
}
