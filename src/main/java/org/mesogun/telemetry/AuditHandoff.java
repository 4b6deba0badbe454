package org.mesogun.telemetry;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mesogun.console.AuditRecord;

/**
 * The journal writer's second way in: audited changes from the console thread. The loop's ring is
 * single-producer and allocation-free, so the console must not write into it; this bounded queue
 * is the hand-off instead. {@link #submit} waits until the writer has made the record durable, so
 * the console answers {@code ok} to a SAVE only once its audit record is journaled (SR-13).
 */
final class AuditHandoff {

    /** Audits waiting for the writer: a technician types far fewer than this between two batches. */
    static final int CAPACITY = 256;

    /** One audit record and the signal that it is durable. */
    static final class Pending {
        private final AuditRecord record;
        private final CountDownLatch done = new CountDownLatch(1);

        Pending(AuditRecord record) {
            this.record = record;
        }

        AuditRecord record() {
            return record;
        }

        void journaled() {
            done.countDown();
        }
    }

    private final ArrayBlockingQueue<Pending> queue;

    AuditHandoff(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Hands the record to the writer and waits up to {@code timeoutMillis} for it to be journaled.
     *
     * @return null when journaled, else why not (queue full, writer too slow or stopped)
     */
    String submit(AuditRecord r, long timeoutMillis) {
        Pending p = new Pending(r);
        if (!queue.offer(p)) {
            return "the telemetry journal's audit queue is full (" + CAPACITY + " records)";
        }
        try {
            return p.done.await(timeoutMillis, TimeUnit.MILLISECONDS) ? null
                    : "not journaled within " + timeoutMillis + " ms (is the disk full?); it is in the audit log";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the journal";
        }
    }

    /** Writer thread: takes everything waiting. */
    void drainTo(List<Pending> into) {
        queue.drainTo(into);
    }
}
