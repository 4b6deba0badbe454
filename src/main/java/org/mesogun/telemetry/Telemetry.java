package org.mesogun.telemetry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mesogun.config.Protocol;
import org.mesogun.controller.EventSink;
import org.mesogun.telemetry.journal.Journal;
import org.mesogun.telemetry.mqtt.BrokerSettings;
import org.mesogun.telemetry.mqtt.LoopFigures;
import org.mesogun.telemetry.mqtt.Publisher;

/**
 * The telemetry service, assembled: the ring the loop writes ({@link #sink()}), the writer
 * thread that journals it, and — when a broker is given — the publisher thread. Start-up
 * recovers what a previous run left (ring, torn journal tail, interrupted session) before the
 * loop runs. {@link #close()} drains the ring, waits a little for the broker, and says offline.
 */
public final class Telemetry implements AutoCloseable {

    /** Slots in the ring: 9 shots/s with a handful of events each fill it in minutes, not ms. */
    public static final int RING_SLOTS = 4096;

    /**
     * @param broker null: MQTT disabled, the journal is a rotating session log
     */
    public record Options(String deviceId, Path journalDir, long journalMaxBytes, BrokerSettings broker,
            List<Protocol> protocols, String firmware, String configId, String calibrationId,
            Supplier<LoopFigures> loop, Consumer<String> log, long drainMillis) {

        public Options {
            protocols = List.copyOf(protocols);
        }

        public Options withBroker(BrokerSettings b) {
            return new Options(deviceId, journalDir, journalMaxBytes, b, protocols, firmware, configId,
                    calibrationId, loop, log, drainMillis);
        }
    }

    private final EventRing ring;
    private final Journal journal;
    private final JournalWriter writer;
    private final Thread writerThread;
    private final Publisher publisher;
    private final Thread publisherThread;
    private final RingSink sink;
    private final DeviceView view = new DeviceView();
    private final AuditHandoff audits = new AuditHandoff(AuditHandoff.CAPACITY);
    private final long bootId;
    private final Options options;
    private volatile boolean closed;

    private Telemetry(Options o) throws IOException {
        this.options = o;
        Path dir = o.journalDir();
        this.bootId = new PersistentCounter(dir.resolve("boot")).next();
        this.journal = new Journal(dir.resolve("segments"), o.journalMaxBytes(), o.broker() == null);
        Journal.Recovery rec = journal.recovery();
        view.tornBytesAtStart = rec.tornBytes();
        if (rec.tornBytes() > 0) {
            o.log().accept("telemetry: the journal's last " + rec.tornBytes() + " bytes were torn (power lost while"
                    + " writing) and were dropped; the records before them are intact, seq continues at "
                    + (rec.lastSeq() + 1));
        }
        this.ring = new EventRing(dir.resolve("ring.mmap"), RING_SLOTS);
        RecordRenderer renderer = new RecordRenderer(o.deviceId(), o.protocols(), view);
        this.writer = new JournalWriter(ring, journal, renderer, new OpenSession(dir), view, o.log(), audits);
        writer.recover(bootId);
        ring.producerBoot(bootId);   // from now on the ring's records are this run's
        this.sink = new RingSink(ring, this::acceptingNewSessions);
        this.writerThread = new Thread(writer, "mesogun-journal");
        writerThread.setDaemon(true);
        writerThread.start();
        if (o.broker() != null) {
            PersistentCounter bd = new PersistentCounter(dir.resolve("bdseq"));
            this.publisher = new Publisher(o.broker(), new Publisher.Identity(o.deviceId(), bootId, o.firmware(),
                    o.configId(), o.calibrationId()), journal, view, o.loop(), bd::next, o.log());
            this.publisherThread = new Thread(publisher, "mesogun-mqtt");
            publisherThread.setDaemon(true);
            publisherThread.start();
        } else {
            this.publisher = null;
            this.publisherThread = null;
        }
    }

    public static Telemetry start(Options o) throws IOException {
        return new Telemetry(o);
    }

    /** The loop's sink: never blocks, never allocates. */
    public EventSink sink() {
        return sink;
    }

    /** How long the console waits for an audit record to be journaled before it says so. */
    static final long AUDIT_WAIT_MILLIS = 2_000;

    /**
     * An audited change (SR-13) for the {@code calibration} topic, from the console thread: handed to
     * the writer through its own bounded queue (the ring is the loop's alone) and waited for until
     * it is journaled. Returns null when journaled, else why not.
     */
    public String audit(org.mesogun.console.AuditRecord r) {
        if (closed) {
            return "telemetry is stopped";
        }
        return audits.submit(r, AUDIT_WAIT_MILLIS);
    }

    /**
     * Offline with records waiting (the panel's mark): a broker configured, not connected, and a
     * backlog. Volatile reads only: the loop may call it every tick.
     */
    public boolean trouble() {
        return publisher != null && !publisher.connected() && journal.backlog() > 0;
    }

    /** The loop that {@code metrics} reports on: the gun's, when telemetry was started before it. */
    public void loop(java.util.function.Supplier<org.mesogun.telemetry.mqtt.LoopFigures> figures) {
        if (publisher != null) {
            publisher.loop(figures);
        }
    }

    /** A new calibration is active: the birth is republished with its id (when a broker is configured). */
    public void calibrationChanged(String calibrationId) {
        if (publisher != null) {
            publisher.rebirth(calibrationId);
        }
    }

    /** requirements §7: not over 90 % of the outbox's bound, and the journal can be written (disk not full). */
    public boolean acceptingNewSessions() {
        return journal.acceptingNewSessions() && view.journalWritable;
    }

    public long bootId() {
        return bootId;
    }

    public Journal journal() {
        return journal;
    }

    public DeviceView view() {
        return view;
    }

    /** Null when MQTT is disabled. */
    public Publisher publisher() {
        return publisher;
    }

    public long ringDrops() {
        return ring.dropped();
    }

    /** Waits (up to the timeout) until everything the loop emitted so far is journaled. */
    public boolean awaitJournaled(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (!ring.ready(ring.readIndex())) {
                return true;
            }
            Thread.sleep(2);
        }
        return false;
    }

    /** Waits (up to the timeout) until the broker acknowledged everything journaled so far. */
    public boolean awaitAcknowledged(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        awaitJournaled(timeoutMillis);
        while (System.nanoTime() < end) {
            if (journal.ackedSeq() >= journal.durableSeq()) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writer.stop();
        join(writerThread);
        if (publisher != null) {
            publisher.stop(options.drainMillis());
            join(publisherThread);
        }
        journal.close();
        ring.close();
        if (writer.failure() != null) {
            throw new IOException("the journal writer failed", writer.failure());
        }
    }

    private static void join(Thread t) {
        try {
            t.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
