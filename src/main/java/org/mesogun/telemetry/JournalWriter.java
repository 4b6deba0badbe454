package org.mesogun.telemetry;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import org.mesogun.telemetry.journal.Journal;

/**
 * The writer thread (SPEC §5): drains the ring into the journal. Each batch — whatever the ring
 * holds, up to {@link #MAX_BATCH} records — is written and fsynced, and only then is the ring's
 * read position advanced; so a record is always in the ring or durably in the journal. The thread
 * polls every {@link #IDLE_NANOS}, which bounds what a power cut can lose to that plus one fsync.
 */
final class JournalWriter implements Runnable {

    static final int MAX_BATCH = 1024;
    static final long IDLE_NANOS = 2_000_000L;

    private final EventRing ring;
    private final Journal journal;
    private final RecordRenderer renderer;
    private final OpenSession openSession;
    private final DeviceView view;
    private long index;
    private boolean outboxAlarm;
    private volatile boolean stopping;
    private volatile Throwable failure;

    JournalWriter(EventRing ring, Journal journal, RecordRenderer renderer, OpenSession openSession,
            DeviceView view) {
        this.ring = ring;
        this.journal = journal;
        this.renderer = renderer;
        this.openSession = openSession;
        this.view = view;
        this.index = Math.max(ring.readIndex(), journal.recovery().lastRingIndex() + 1);
    }

    /**
     * Start-up, before the loop runs: journals what the previous run left in the ring, under that
     * run's boot id, then reports a session it never ended — once, even if a kill interrupts the
     * report itself.
     */
    void recover(long bootId) throws IOException {
        OpenSession.Mark m = openSession.load();
        OpenSession.Context open = m == null ? null : m.whole(index) ? m.after : m.before;
        // The leftovers are the records of the run that wrote the ring, not of the previous start
        // (which a kill may have stopped before its loop ran).
        long producer = ring.producerBoot();
        renderer.bootId(producer > 0 ? producer : open != null ? open.bootId : bootId - 1);
        renderer.session = open == null ? null : open.copy();
        if (m != null && !m.whole(index)) {
            // Part of the last batch reached the journal: its context effects, without appending.
            for (long i = m.start; i < index; i++) {
                if (!ring.ready(i)) {
                    throw new IOException("ring record " + i + " of the last journal batch is gone");
                }
                renderer.render(ring.view(), ring.payload(i));
            }
        }
        renderer.sessionDirty = false;
        drain();
        if (renderer.session != null) {
            m = openSession.load();
            boolean reported = m != null && m.interruptedSeq > 0 && journal.recovery().lastSeq() >= m.interruptedSeq;
            if (!reported) {
                OpenSession.Mark r = new OpenSession.Mark();
                r.start = index;
                r.end = index;
                r.before = renderer.session;
                r.after = renderer.session;
                r.interruptedSeq = journal.nextSeq();
                openSession.write(r, false);
                append(renderer.interrupted(renderer.session), -1);
                journal.sync();
            }
            renderer.session = null;
            openSession.ended();
        }
        renderer.bootId(bootId);
    }

    @Override
    public void run() {
        try {
            while (true) {
                boolean stop = stopping;   // read before draining: a stop sees everything before it
                int n = drain();
                if (n == 0) {
                    if (stop) {
                        return;
                    }
                    LockSupport.parkNanos(IDLE_NANOS);
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** One batch at a time until the ring is empty; returns the records taken. */
    int drain() throws IOException {
        int total = 0;
        while (true) {
            int n = 0;
            long start = index;
            OpenSession.Context before = renderer.session == null ? null : renderer.session.copy();
            while (n < MAX_BATCH && ring.ready(index)) {
                RecordRenderer.Rendered r = renderer.render(ring.view(), ring.payload(index));
                if (r != null) {
                    append(r, index);
                }
                index++;
                n++;
            }
            if (n == 0) {
                break;
            }
            checkOutbox();
            boolean ended = persistSession(start, before);   // before the frames: see OpenSession
            journal.sync();
            ring.commitRead(index);
            if (ended) {
                openSession.ended();
            }
            view.ringDrops = ring.dropped();
            total += n;
        }
        return total;
    }

    private void append(RecordRenderer.Rendered r, long ringIndex) {
        r.body().put("seq", journal.nextSeq());
        journal.append(r.topic(), ringIndex, RecordRenderer.bytes(r.body()));
        view.recordsJournaled++;
    }

    /** SPEC §7: crossing 90 % raises an alarm (journaled, so dashboards see it); back below clears it. */
    private void checkOutbox() {
        boolean full = !journal.acceptingNewSessions();
        if (full != outboxAlarm) {
            outboxAlarm = full;
            append(renderer.outboxAlarm(full, journal.bytes(), journal.maxBytes()), -1);
        }
    }

    /** Writes the batch's mark if it changed the session; true when no session is open after it. */
    private boolean persistSession(long start, OpenSession.Context before) throws IOException {
        if (!renderer.sessionDirty) {
            return false;
        }
        renderer.sessionDirty = false;
        OpenSession.Mark m = new OpenSession.Mark();
        m.start = start;
        m.before = before;
        m.end = index;
        m.after = renderer.session;
        boolean started = m.after != null && (before == null || !before.sessionRef.equals(m.after.sessionRef));
        openSession.write(m, started);
        return m.after == null;
    }

    void stop() {
        stopping = true;
    }

    Throwable failure() {
        return failure;
    }
}
