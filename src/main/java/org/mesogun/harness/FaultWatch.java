package org.mesogun.harness;

import java.util.ArrayList;
import java.util.List;
import org.mesogun.controller.Controller;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.simulator.SimulatedGun;

/** Times each injected fault: ticks to the latch, then ticks until the outputs are safe. */
final class FaultWatch {
    private final List<SimulationRun.FaultTiming> timings = new ArrayList<>();
    private int notesSeen;
    private String pending;
    private int pendingPoint;
    private long injectedAt = -1;
    private long detectedAt = -1;
    private String code;

    void injected(long now, String fault, int point) {
        pending = fault;
        pendingPoint = point;
        injectedAt = now;
        detectedAt = -1;
    }

    void observe(List<String> notes, long now, int point) {
        while (notesSeen < notes.size()) {
            String n = notes.get(notesSeen++);
            if (n.startsWith("injected ")) {
                injected(now, n.substring(9, n.indexOf(" at point")), point);
            }
        }
    }

    void afterTick(long now, long period, Controller c, SimulatedGun gun) {
        if (injectedAt < 0) {
            return;
        }
        FaultCode f = c.monitor().latched();
        if (detectedAt < 0 && f != null) {
            detectedAt = now;
            code = f.code() + " " + f.name();
        }
        if (detectedAt >= 0 && !gun.valve().isOpen() && !gun.axis().isMoving()
                || detectedAt >= 0 && !gun.valve().isOpen() && gun.axis().target() <= gun.axis().position()) {
            timings.add(new SimulationRun.FaultTiming(pending, pendingPoint, code, (detectedAt - injectedAt) / period,
                    (now - detectedAt) / period));
            injectedAt = -1;
        } else if (now - injectedAt > 90_000_000_000L) {
            timings.add(new SimulationRun.FaultTiming(pending, pendingPoint, "not detected", -1, -1));
            injectedAt = -1;
        }
    }

    /** A fault still pending at the end had no effect the controller could see, or cut the power. */
    void end(boolean powered) {
        if (injectedAt >= 0) {
            timings.add(new SimulationRun.FaultTiming(pending, pendingPoint,
                    !powered ? "power lost: the run ends" : detectedAt >= 0 ? code : "no effect seen by the end",
                    detectedAt >= 0 ? 0 : -1, -1));
            injectedAt = -1;
        }
    }

    List<SimulationRun.FaultTiming> timings() {
        return timings;
    }
}
