package org.mesogun.app;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.mesogun.hal.NanoClock;

/**
 * Feeds the Linux hardware watchdog (e.g. /dev/watchdog) for a healthy loop only (SR-7). The loop
 * marks itself healthy after each good tick (a plain store, no I/O on the loop thread); this
 * thread writes to the device every {@code interval} while that mark is fresh. A stalled loop
 * stops the feeding and the board resets. A clean stop writes the magic 'V', which disarms the
 * watchdog (with a driver that allows it; "nowayout" drivers keep running and reset the board
 * after their timeout — systemd then restarts nothing, the board reboots into a safe state).
 */
final class WatchdogFeeder implements AutoCloseable {

    private final Path device;
    private final long intervalNanos;
    private final long staleNanos;
    private final NanoClock clock;
    private final AtomicLong lastHealthy = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong feeds = new AtomicLong();
    private final Thread thread;
    private final FileOutputStream out;
    private volatile boolean running = true;

    WatchdogFeeder(Path device, long intervalNanos, long staleNanos, NanoClock clock) throws IOException {
        this.device = device;
        this.intervalNanos = intervalNanos;
        this.staleNanos = staleNanos;
        this.clock = clock;
        // Opening the device arms it; from here on it must be fed or the board resets.
        this.out = new FileOutputStream(device.toFile(), true);
        this.thread = new Thread(this::run, "mesogun-hw-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called by the loop after each healthy tick. */
    void healthy() {
        lastHealthy.lazySet(clock.nanoTime());
    }

    long feeds() {
        return feeds.get();
    }

    Path device() {
        return device;
    }

    private void run() {
        while (running) {
            long last = lastHealthy.get();
            if (last != Long.MIN_VALUE && clock.nanoTime() - last <= staleNanos) {
                try {
                    out.write('1');
                    out.flush();
                    feeds.incrementAndGet();
                } catch (IOException e) {
                    System.err.println("watchdog: cannot feed " + device + ": " + e.getMessage());
                }
            }
            try {
                Thread.sleep(intervalNanos / 1_000_000, (int) (intervalNanos % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A clean stop: no more feeding, and the magic close that disarms the watchdog. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1_000);
            out.write('V');
            out.close();
        } catch (IOException | InterruptedException e) {
            System.err.println("watchdog: close: " + e.getMessage());
        }
    }
}
