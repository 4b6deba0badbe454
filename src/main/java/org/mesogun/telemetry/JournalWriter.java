package org.mesogun.telemetry;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import org.mesogun.telemetry.journal.Journal;

/**
 * The writer thread (requirements §5): drains the ring into the journal. Each batch — whatever the ring
 * holds, up to {@link #MAX_BATCH} records — is written and fsynced, and only then is the ring's
 * read position advanced; so a record is always in the ring or durably in the journal. The thread
 * polls every {@link #IDLE_NANOS}, which bounds what a power cut can lose to that plus one fsync.
 */
final class JournalWriter implements Runnable {

    static final int MAX_BATCH = 1024;
    static final long IDLE_NANOS = 2_000_000L;
    static final long DISK_RETRY_NANOS = 500_000_000L;

    private final EventRing ring;
    private final Journal journal;
    private final RecordRenderer renderer;
    private final OpenSession openSession;
    private final DeviceView view;
    private long index;
    private boolean outboxAlarm;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private final java.util.function.Consumer<String> log;
    private volatile boolean diskFailing;
    // The batch in hand (see drain).
    private boolean batchOpen;
    private boolean batchMarked;
    private boolean batchEnded;
    private long batchStart;
    private OpenSession.Context batchBefore;
    private final AuditHandoff audits;
    private final java.util.ArrayList<AuditHandoff.Pending> batchAudits = new java.util.ArrayList<>();

    JournalWriter(EventRing ring, Journal journal, RecordRenderer renderer, OpenSession openSession,
            DeviceView view, java.util.function.Consumer<String> log) {
        this(ring, journal, renderer, openSession, view, log, new AuditHandoff(AuditHandoff.CAPACITY));
    }

    /** @param audits the second, bounded hand-off: audit records from the console thread (not the loop's ring) */
    JournalWriter(EventRing ring, Journal journal, RecordRenderer renderer, OpenSession openSession,
            DeviceView view, java.util.function.Consumer<String> log, AuditHandoff audits) {
        this.audits = audits;
        this.log = log;
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
                int n;
                try {
                    n = drain();
                    diskProblem(null);
                } catch (IOException e) {
                    // Disk full (or failing): the batch stays in the ring and in hand, new
                    // sessions are refused, and the same batch is tried again until it is durable.
                    diskProblem(e);
                    if (stop) {
                        failure = e;
                        return;
                    }
                    LockSupport.parkNanos(DISK_RETRY_NANOS);
                    continue;
                }
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

    /**
     * One batch at a time until the ring is empty; returns the records taken. A batch that could
     * not be made durable (IOException) is kept as it stands (frames appended, ring not released)
     * and finished first by the next call, so a retry neither renders nor numbers a record twice.
     */
    int drain() throws IOException {
        int total = 0;
        while (true) {
            if (!batchOpen) {
                int n = 0;
                batchStart = index;
                batchBefore = renderer.session == null ? null : renderer.session.copy();
                audits.drainTo(batchAudits);
                for (AuditHandoff.Pending a : batchAudits) {
                    append(renderer.audit(a.record()), -1);
                }
                while (n < MAX_BATCH && ring.ready(index)) {
                    RecordRenderer.Rendered r = renderer.render(ring.view(), ring.payload(index));
                    if (r != null) {
                        append(r, index);
                    }
                    index++;
                    n++;
                }
                if (n == 0 && batchAudits.isEmpty()) {
                    break;
                }
                checkOutbox();
                batchOpen = true;
                batchMarked = false;
                total += n + batchAudits.size();
            }
            if (!batchMarked) {
                batchEnded = persistSession(batchStart, batchBefore);   // before the frames: see OpenSession
                batchMarked = true;
            }
            journal.sync();
            ring.commitRead(index);
            batchOpen = false;
            for (AuditHandoff.Pending a : batchAudits) {
                a.journaled();   // only now may the console answer ok (SR-13)
            }
            batchAudits.clear();
            if (batchEnded) {
                openSession.ended();
            }
            view.ringDrops = ring.dropped();
        }
        return total;
    }

    /** Says once when the journal stops being writable and once when it is back. */
    private void diskProblem(IOException e) {
        boolean failing = e != null;
        if (failing == diskFailing) {
            return;
        }
        diskFailing = failing;
        view.journalWritable = !failing;
        if (log != null) {
            log.accept(failing ? "journal: cannot write (" + e.getMessage() + "): records held in the ring ("
                    + ring.backlog(ring.readIndex()) + " of " + ring.capacity() + " slots used), new sessions refused, "
                    + "retrying every " + DISK_RETRY_NANOS / 1_000_000 + " ms"
                    : "journal: writable again, the held records are journaled");
        }
    }

    /** False while the journal cannot be written: no new session whose records could not be kept. */
    boolean journalWritable() {
        return !diskFailing;
    }

    private void append(RecordRenderer.Rendered r, long ringIndex) {
        r.body().put("streamId", journal.streamId());
        r.body().put("seq", journal.nextSeq());
        journal.append(r.topic(), ringIndex, RecordRenderer.bytes(r.body()));
        view.recordsJournaled++;
    }

    /** requirements §7: crossing 90 % raises an alarm (journaled, so dashboards see it); back below clears it. */
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
        OpenSession.Mark m = new OpenSession.Mark();
        m.start = start;
        m.before = before;
        m.end = index;
        m.after = renderer.session;
        boolean started = m.after != null && (before == null || !before.sessionRef.equals(m.after.sessionRef));
        openSession.write(m, started);
        renderer.sessionDirty = false;   // only once the mark is on disk: a failed write is retried
        return m.after == null;
    }

    void stop() {
        stopping = true;
    }

    Throwable failure() {
        return failure;
    }
}
