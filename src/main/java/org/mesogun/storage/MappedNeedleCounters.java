package org.mesogun.storage;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.mesogun.config.AtomicFiles;
import org.mesogun.controller.safety.NeedleCounters;

/**
 * The needle's counts in a small memory-mapped file (SR-4: they survive a restart, a kill -9 and,
 * up to the last {@link #force()}, a power cut). The loop updates them with plain stores into the
 * mapping — no system call, no allocation — and the kernel writes the page back; {@code force()}
 * is for the slow path (a needle change, a clean stop). A run marks the file "running" at start
 * and "clean" at a clean stop, so the next start knows whether the last one ended uncleanly.
 *
 * <p>Layout (little-endian is irrelevant: one process writes and reads it): magic, version,
 * serial, punctures, needle time, locked, run state, and a CRC32 of the fields, refreshed on
 * every write. A file whose CRC does not match is refused at open: counts of unknown truth mean
 * the fitted needle is locked out until changed, which is what {@link #openOrLockOut} does.
 */
public final class MappedNeedleCounters implements NeedleCounters {

    private static final int MAGIC = 0x4E45444C;   // "NEDL"
    private static final int VERSION = 1;
    private static final int SIZE = 64;
    private static final int O_MAGIC = 0;
    private static final int O_VERSION = 4;
    private static final int O_SERIAL = 8;
    private static final int O_PUNCTURES = 12;
    private static final int O_TIME = 16;
    private static final int O_LOCKED = 24;
    private static final int O_RUNNING = 25;
    private static final int O_CRC = 28;
    private static final int FIELDS = O_CRC;

    private final MappedByteBuffer map;
    private final boolean previousRunClean;
    private final CRC32 crc = new CRC32();
    private final byte[] scratch = new byte[FIELDS];

    private MappedNeedleCounters(MappedByteBuffer map, boolean previousRunClean) {
        this.map = map;
        this.previousRunClean = previousRunClean;
    }

    /**
     * Opens the counters at {@code file}, creating them (needle 1, clean) if missing. A damaged
     * file is replaced by fresh counts with the needle locked out and the run reported unclean.
     */
    public static MappedNeedleCounters openOrLockOut(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean existed = Files.exists(file) && Files.size(file) == SIZE;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        AtomicFiles.allocate(ch, SIZE);   // never a fault in the loop on a full disk
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
        ch.close();   // the mapping stays valid
        MappedNeedleCounters c;
        if (!existed) {
            c = new MappedNeedleCounters(map, true);
            c.init(1, false);
        } else if (!c0(map)) {
            c = new MappedNeedleCounters(map, false);
            c.init(map.getInt(O_SERIAL) + 1, true);
        } else {
            c = new MappedNeedleCounters(map, map.get(O_RUNNING) == 0);
        }
        c.force();
        return c;
    }

    /** Whether the mapped fields are intact. */
    private static boolean c0(MappedByteBuffer map) {
        if (map.getInt(O_MAGIC) != MAGIC || map.getInt(O_VERSION) != VERSION) {
            return false;
        }
        byte[] b = new byte[FIELDS];
        map.get(0, b);
        CRC32 crc = new CRC32();
        crc.update(b);
        return (int) crc.getValue() == map.getInt(O_CRC);
    }

    private void init(int serial, boolean locked) {
        map.putInt(O_MAGIC, MAGIC);
        map.putInt(O_VERSION, VERSION);
        map.putInt(O_SERIAL, serial);
        map.putInt(O_PUNCTURES, 0);
        map.putLong(O_TIME, 0);
        map.put(O_LOCKED, (byte) (locked ? 1 : 0));
        map.put(O_RUNNING, (byte) 0);
        seal();
    }

    private void seal() {
        map.get(0, scratch);
        crc.reset();
        crc.update(scratch);
        map.putInt(O_CRC, (int) crc.getValue());
    }

    /** Writes the page back to the device (slow path only). */
    public void force() {
        map.force();
    }

    @Override
    public int needleSerial() {
        return map.getInt(O_SERIAL);
    }

    @Override
    public int punctures() {
        return map.getInt(O_PUNCTURES);
    }

    @Override
    public long needleTimeNanos() {
        return map.getLong(O_TIME);
    }

    @Override
    public boolean lockedOut() {
        return map.get(O_LOCKED) != 0;
    }

    @Override
    public void addPuncture() {
        map.putInt(O_PUNCTURES, punctures() + 1);
        seal();
    }

    @Override
    public void addNeedleTime(long nanos) {
        map.putLong(O_TIME, needleTimeNanos() + nanos);
        seal();
    }

    @Override
    public void newNeedle() {
        map.putInt(O_SERIAL, needleSerial() + 1);
        map.putInt(O_PUNCTURES, 0);
        map.putLong(O_TIME, 0);
        map.put(O_LOCKED, (byte) 0);
        seal();
        force();
    }

    @Override
    public void lockOut() {
        map.put(O_LOCKED, (byte) 1);
        seal();
        force();
    }

    @Override
    public boolean previousRunClean() {
        return previousRunClean;
    }

    @Override
    public void markRunning() {
        map.put(O_RUNNING, (byte) 1);
        seal();
        force();
    }

    @Override
    public void markClean() {
        map.put(O_RUNNING, (byte) 0);
        seal();
        force();
    }
}
