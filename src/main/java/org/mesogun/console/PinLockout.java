package org.mesogun.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mesogun.config.AtomicFiles;
import org.mesogun.config.SafetyLimits;

/**
 * SR-13: five wrong PINs in a row lock the console for five minutes of powered time. Powered time
 * is the loop's injected clock, not the wall clock: setting the board's date cannot unlock it,
 * and the simulator can run it on virtual time. The count and what is left of a lock-out are kept
 * in the data directory ({@code pin-lockout}), so a restart or a power cut neither forgets wrong
 * PINs nor ends a lock-out: what is left is written at every change and every
 * {@link #PERSIST_NANOS} while locked, so a power cut gives back at most that much, never takes it.
 * A damaged file locks the console for the full time (the safe reading), and says so.
 */
final class PinLockout {

    static final String FILE = "pin-lockout";
    static final long PERSIST_NANOS = 10_000_000_000L;
    private static final long FULL_NANOS = SafetyLimits.PIN_LOCKOUT_MS * 1_000_000L;
    private static final Pattern FORMAT = Pattern.compile("wrong=(\\d+) remaining_ms=(\\d+)\\s*");

    private final LongSupplier poweredNanos;
    private final Path file;
    private int wrong;
    private long lockedUntil = Long.MIN_VALUE;
    private long persistedAt;
    private String problem;

    PinLockout(LongSupplier poweredNanos) {
        this(poweredNanos, null);
    }

    /** @param dataDir where the state is kept; null: in memory only */
    PinLockout(LongSupplier poweredNanos, Path dataDir) {
        this.poweredNanos = poweredNanos;
        this.file = dataDir == null ? null : dataDir.resolve(FILE);
        load();
    }

    private void load() {
        if (file == null) {
            return;
        }
        try {
            Matcher m = FORMAT.matcher(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
            if (!m.matches()) {
                throw new IOException("not a lock-out record");
            }
            wrong = (int) Math.min(SafetyLimits.MAX_WRONG_PINS, Long.parseLong(m.group(1)));
            long remaining = Math.min(FULL_NANOS, Long.parseLong(m.group(2)) * 1_000_000L);
            if (remaining > 0) {
                lockedUntil = poweredNanos.getAsLong() + remaining;
            }
        } catch (NoSuchFileException e) {
            // never a wrong PIN here
        } catch (IOException | NumberFormatException e) {
            problem = file + " is damaged (" + e.getMessage() + "): the console is locked for "
                    + SafetyLimits.PIN_LOCKOUT_MS / 60_000 + " min of powered time, as after five wrong PINs";
            wrong = 0;
            lockedUntil = poweredNanos.getAsLong() + FULL_NANOS;
            persist();
        }
    }

    /** Why the kept state could not be read (null when it could): said once at start-up. */
    String problem() {
        return problem;
    }

    boolean locked() {
        return poweredNanos.getAsLong() < lockedUntil;
    }

    long remainingSeconds() {
        return Math.max(0, (lockedUntil - poweredNanos.getAsLong()) / 1_000_000_000L);
    }

    /** True when this wrong PIN started a lock-out. */
    boolean failed() {
        boolean locks = ++wrong >= SafetyLimits.MAX_WRONG_PINS;
        if (locks) {
            wrong = 0;
            lockedUntil = poweredNanos.getAsLong() + FULL_NANOS;
        }
        persist();
        return locks;
    }

    void succeeded() {
        if (wrong != 0) {
            wrong = 0;
            persist();
        }
    }

    /** Called as the console polls: keeps what is left of a lock-out on disk as it runs down. */
    void tick() {
        long now = poweredNanos.getAsLong();
        if (file != null && lockedUntil != Long.MIN_VALUE && now - persistedAt >= PERSIST_NANOS) {
            persist();
            if (!locked()) {
                lockedUntil = Long.MIN_VALUE;
            }
        }
    }

    private void persist() {
        if (file == null) {
            return;
        }
        long now = poweredNanos.getAsLong();
        persistedAt = now;
        long remainingMs = Math.max(0, (lockedUntil == Long.MIN_VALUE ? 0 : lockedUntil - now) / 1_000_000L);
        try {
            AtomicFiles.write(file, ("wrong=" + wrong + " remaining_ms=" + remainingMs + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            problem = "the lock-out could not be kept in " + file + ": " + e.getMessage();
        }
    }
}
