package org.mesogun.controller;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.harness.SimulationRun;

/**
 * A run's behaviour as a digest: every tick's outputs (after the monitor), state and latched
 * fault, and every event with all its arguments, folded into one 64-bit hash; the hash every
 * 1000 ticks is kept too, so a difference can be placed within a second of virtual time. Also
 * counts which states and faults the run reached (the recorded runs must reach them all).
 */
final class MachineTrace implements RandomSession.SimulationRunTap {

    static final int CHUNK_TICKS = 1000;

    private long h = 0xcbf29ce484222325L;
    private long ticks;
    private long events;
    private final List<String> chunks = new ArrayList<>();
    final EnumSet<State> states = EnumSet.noneOf(State.class);
    final EnumSet<FaultCode> faults = EnumSet.noneOf(FaultCode.class);

    private void mix(long v) {
        h ^= v;
        h *= 0x100000001b3L;
        h ^= h >>> 29;
    }

    private void mix(double v) {
        mix(Double.doubleToLongBits(v));
    }

    private void mix(boolean b) {
        mix(b ? 1L : 0L);
    }

    private void mix(CharSequence s) {
        mix(s.length());
        for (int i = 0; i < s.length(); i++) {
            mix(s.charAt(i));
        }
    }

    @Override
    public void tick(long now, Controller c) {
        Outputs o = c.lastOutputs();
        State st = c.machine().state();
        FaultCode f = c.monitor().latched();
        states.add(st);
        if (f != null) {
            faults.add(f);
        }
        mix(now);
        mix(st.ordinal());
        mix(f == null ? -1 : f.ordinal());
        mix(o.axisEnable);
        mix(o.moveTarget);
        mix(o.homingProfile);
        mix(o.fineProfile);
        mix(o.haltAxis);
        mix(o.setPosition);
        mix(o.valvePulseMicros);
        mix(o.valveShut);
        mix(o.led.ordinal());
        mix(o.buzzer);
        mix(o.displayChanged);
        mix(o.line1);
        mix(o.line2);
        if (++ticks % CHUNK_TICKS == 0) {
            chunks.add(Long.toHexString(h >>> 32));
        }
    }

    private void event(int kind, long now) {
        events++;
        mix(0x5eed0000L + kind);
        mix(now);
    }

    @Override
    public void stateChanged(long now, State from, State to) {
        event(1, now);
        states.add(from);   // BOOT is left on the first tick, before any tick's state is seen
        mix(from.ordinal());
        mix(to.ordinal());
    }

    @Override
    public void sessionStarted(long now, int session, int protocol, double depthMm, double doseUl, long lot,
            boolean softLimitOverride) {
        event(2, now);
        mix(session);
        mix(protocol);
        mix(depthMm);
        mix(doseUl);
        mix(lot);
        mix(softLimitOverride);
    }

    @Override
    public void point(long now, int session, int point, double depthMm, double targetUl, double measuredUl,
            long openMicros, int needleSerial, int punctures) {
        event(3, now);
        mix(session);
        mix(point);
        mix(depthMm);
        mix(targetUl);
        mix(measuredUl);
        mix(openMicros);
        mix(needleSerial);
        mix(punctures);
    }

    @Override
    public void pointAborted(long now, int session, int point, FaultCode cause, double targetUl, double measuredUl,
            long openMicros) {
        event(4, now);
        mix(session);
        mix(point);
        mix(cause == null ? -1 : cause.ordinal());
        mix(Math.round(measuredUl * 1000));
    }

    @Override
    public void needleChanged(long now, int needleSerial) {
        event(5, now);
        mix(needleSerial);
    }

    @Override
    public void primed(long now, double ul) {
        event(6, now);
        mix(ul);
    }

    @Override
    public void alarm(long now, FaultCode code, State state) {
        event(7, now);
        mix(code.ordinal());
        mix(state.ordinal());
    }

    @Override
    public void alarmCleared(long now, FaultCode code) {
        event(8, now);
        mix(code.ordinal());
    }

    @Override
    public void sessionEnded(long now, int session, int points, double deliveredUl, SessionEnd reason) {
        event(9, now);
        mix(session);
        mix(points);
        mix(deliveredUl);
        mix(reason.ordinal());
    }

    /** One line of the recorded file: {@code name ticks=N events=M digest=H chunks=c1,c2,...}. */
    String line(String name) {
        return String.format(Locale.ROOT, "%s ticks=%d events=%d digest=%016x chunks=%s", name, ticks, events, h,
                String.join(",", chunks));
    }

    long ticks() {
        return ticks;
    }
}
