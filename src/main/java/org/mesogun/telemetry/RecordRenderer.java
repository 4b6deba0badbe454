package org.mesogun.telemetry;

import static org.mesogun.telemetry.RingLayout.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import org.mesogun.config.Protocol;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;

/**
 * Turns ring slots into the JSON payloads of requirements §7 on the writer thread, and keeps the session
 * context (sessionRef, targets, totals) that the loop's primitive events do not repeat. No patient
 * data exists in the events, so none can leak: a session is identified by {@code sessionRef}
 * ({@code <bootId>-<session>}) only.
 */
final class RecordRenderer {

    /** An alarm the telemetry raises itself (not a controller fault): the outbox is over 90 %. */
    static final int OUTBOX_FULL_CODE = 130;

    record Rendered(Topic topic, ObjectNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double ROUND = 1000.0;

    private final String deviceId;
    private final List<Protocol> protocols;
    private final ClockSync clock = new ClockSync();
    private final DeviceView view;
    private long bootId;
    OpenSession.Context session;
    boolean sessionDirty;

    RecordRenderer(String deviceId, List<Protocol> protocols, DeviceView view) {
        this.deviceId = deviceId;
        this.protocols = protocols;
        this.view = view;
    }

    void bootId(long id) {
        this.bootId = id;
    }

    long bootId() {
        return bootId;
    }

    /** The payload of the slot at {@code o} in {@code b}, or null for an event that is not published. */
    Rendered render(ByteBuffer b, int o) {
        int type = b.getInt(o + TYPE);
        long wallMs = b.getLong(o + WALL_MS);
        switch (type) {
            case STATE -> {
                view.state = State.values()[b.getInt(o + C)];
                return null;
            }
            case PRIMED -> {
                return null;
            }
            case SESSION_STARTED -> {
                OpenSession.Context c = new OpenSession.Context();
                c.bootId = bootId;
                c.session = b.getInt(o + A);
                c.sessionRef = bootId + "-" + c.session;
                int p = b.getInt(o + B);
                c.protocol = p >= 0 && p < protocols.size() ? protocols.get(p).name() : "#" + p;
                c.mode = p >= 0 && p < protocols.size() ? protocols.get(p).mode().name().toLowerCase(Locale.ROOT)
                        : "unknown";
                c.depthMm = b.getDouble(o + D1);
                c.doseUl = b.getDouble(o + D2);
                c.needlesUsed = 1;
                session = c;
                sessionDirty = true;
                ObjectNode n = head(Topic.SESSION, wallMs);
                n.put("event", "started");
                sessionFields(n, c);
                n.put("protocol", c.protocol);
                n.put("mode", c.mode);
                n.put("depthMm", r(c.depthMm));
                n.put("doseUl", r(c.doseUl));
                n.put("lot", String.format(Locale.ROOT, "%06d", b.getLong(o + L1)));
                n.put("softLimitOverride", b.getInt(o + D) != 0);
                return new Rendered(Topic.SESSION, n);
            }
            case POINT, POINT_ABORTED -> {
                boolean done = type == POINT;
                int s = b.getInt(o + A);
                ObjectNode n = head(Topic.INJECTION, wallMs);
                OpenSession.Context c = session != null && session.session == s ? session : null;
                n.put("sessionRef", c != null ? c.sessionRef : bootId + "-" + s);
                n.put("session", s);
                n.put("point", b.getInt(o + B));
                n.put("mode", c != null ? c.mode : "unknown");
                n.put("result", done ? "delivered" : "aborted");
                if (c != null) {
                    n.put("depthTargetMm", r(c.depthMm));
                }
                if (done) {
                    double measured = b.getDouble(o + D3);
                    n.put("depthMm", r(b.getDouble(o + D1)));
                    n.put("doseTargetUl", r(b.getDouble(o + D2)));
                    n.put("doseDeliveredUl", r(measured));
                    n.put("valveMs", r(b.getLong(o + L1) / 1000.0));
                    n.put("needle", b.getInt(o + C));
                    n.put("punctures", b.getInt(o + D));
                    if (c != null) {
                        c.points++;
                        c.deliveredUl += measured;
                        sessionDirty = true;
                    }
                } else {
                    // What the plunger measured of the shot before it ended: it is in the skin.
                    double measured = b.getDouble(o + D3);
                    n.put("doseTargetUl", r(b.getDouble(o + D2)));
                    n.put("doseDeliveredUl", r(measured));
                    n.put("valveMs", r(b.getLong(o + L1) / 1000.0));
                    if (c != null) {
                        c.deliveredUl += measured;   // the session's total is what was measured
                        sessionDirty = true;
                    }
                    int cause = b.getInt(o + C);
                    if (cause >= 0) {
                        FaultCode f = FaultCode.values()[cause];
                        n.put("causeCode", f.code());
                        n.put("cause", f.name());
                    }
                }
                return new Rendered(Topic.INJECTION, n);
            }
            case NEEDLE -> {
                ObjectNode n = head(Topic.NEEDLE, wallMs);
                n.put("event", "changed");
                n.put("needle", b.getInt(o + C));
                if (session != null) {
                    session.needlesUsed++;
                    sessionDirty = true;
                    n.put("sessionRef", session.sessionRef);
                }
                return new Rendered(Topic.NEEDLE, n);
            }
            case ALARM, ALARM_CLEARED -> {
                FaultCode f = FaultCode.values()[b.getInt(o + A)];
                ObjectNode n = head(Topic.ALARM, wallMs);
                n.put("event", type == ALARM ? "raised" : "cleared");
                n.put("code", f.code());
                n.put("name", f.name());
                n.put("requirement", f.requirement());
                n.put("severity", "fault");
                n.put("message", f.text());
                n.put("state", (type == ALARM ? State.values()[b.getInt(o + B)] : view.state).name());
                if (f == FaultCode.NEEDLE_LOCKED && type == ALARM) {
                    n.put("needleLockedOut", true);
                }
                return new Rendered(Topic.ALARM, n);
            }
            case SESSION_ENDED -> {
                int s = b.getInt(o + A);
                ObjectNode n = head(Topic.SESSION, wallMs);
                n.put("event", "ended");
                OpenSession.Context c = session != null && session.session == s ? session : null;
                n.put("sessionRef", c != null ? c.sessionRef : bootId + "-" + s);
                n.put("session", s);
                n.put("points", b.getInt(o + B));
                n.put("deliveredUl", r(b.getDouble(o + D1)));
                n.put("needlesUsed", c != null ? c.needlesUsed : 0);
                n.put("reason", SessionEnd.values()[b.getInt(o + C)].name().toLowerCase(Locale.ROOT));
                session = null;
                sessionDirty = true;
                return new Rendered(Topic.SESSION, n);
            }
            default -> throw new IllegalStateException("unknown event type " + type + " in the ring");
        }
    }

    /** An audited change from the console (SR-13), for the {@code calibration} topic. */
    Rendered audit(org.mesogun.console.AuditRecord a) {
        ObjectNode n = head(Topic.CALIBRATION, a.at().toEpochMilli());
        n.put("user", a.user());
        n.put("what", a.what());
        n.put("old", a.oldValue());
        n.put("new", a.newValue());
        return new Rendered(Topic.CALIBRATION, n);
    }

    /** The report of a session the previous run never ended (requirements §12). */
    Rendered interrupted(OpenSession.Context c) {
        ObjectNode n = head(Topic.SESSION, System.currentTimeMillis());
        n.put("event", "interrupted");
        sessionFields(n, c);
        n.put("points", c.points);
        n.put("deliveredUl", r(c.deliveredUl));
        n.put("needlesUsed", c.needlesUsed);
        n.put("reason", "interrupted");
        return new Rendered(Topic.SESSION, n);
    }

    Rendered outboxAlarm(boolean raised, long bytes, long max) {
        ObjectNode n = head(Topic.ALARM, System.currentTimeMillis());
        n.put("event", raised ? "raised" : "cleared");
        n.put("code", OUTBOX_FULL_CODE);
        n.put("name", "OUTBOX_FULL");
        n.put("requirement", "§7");   // docs/requirements.md §7: the outbox bound
        n.put("severity", "warning");
        n.put("message", String.format(Locale.ROOT,
                "telemetry outbox %.0f %% of %d MB: new sessions refused until the broker takes the backlog",
                100.0 * bytes / max, max >> 20));
        n.put("state", view.state.name());
        return new Rendered(Topic.ALARM, n);
    }

    private static void sessionFields(ObjectNode n, OpenSession.Context c) {
        n.put("sessionRef", c.sessionRef);
        n.put("session", c.session);
    }

    private ObjectNode head(Topic t, long wallMs) {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", t.schema());
        n.put("deviceId", deviceId);
        n.put("bootId", bootId);
        n.put("ts", wallMs);
        n.put("tsSynced", clock.synced());
        return n;
    }

    static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double r(double v) {
        return Math.round(v * ROUND) / ROUND;
    }
}
