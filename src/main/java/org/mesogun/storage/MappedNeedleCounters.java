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

    /** The file's name in a data directory. */
    public static final String FILE_NAME = "needle.bin";

    private final MappedByteBuffer map;
    private final boolean previousRunClean;
    private String problem;
    private final CRC32 crc = new CRC32();
    private final byte[] scratch = new byte[FIELDS];

    private MappedNeedleCounters(MappedByteBuffer map, boolean previousRunClean) {
        this.map = map;
        this.previousRunClean = previousRunClean;
    }

    /**
     * The one explicit first start of a data directory ({@code mesogun init}, which the installer
     * runs once): fresh counts, needle 1, not locked out. Refuses to overwrite counts that exist.
     */
    public static void initialise(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists: this data directory is initialised already (its needle counts"
                    + " are kept; a damaged file locks the needle out until it is changed)");
        }
        MappedNeedleCounters c = map(file);
        c.init(1, false);
        c.force();
    }

    /**
     * Opens the counters at {@code file}. Only intact counts are trusted: a file that is missing
     * (never initialised, deleted, or a mistyped data directory), of the wrong size (truncated, or
     * grown by a byte) or failing its checksum is replaced by fresh counts with the fitted needle
     * locked out until it is changed (SR-4); {@link #problem()} then says why.
     */
    public static MappedNeedleCounters openOrLockOut(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String problem = null;
        if (!Files.exists(file)) {
            problem = "needle counters " + file + " missing (not an initialised data directory, or deleted)";
        } else if (Files.size(file) != SIZE) {
            problem = "needle counters " + file + " damaged (" + Files.size(file) + " bytes, expected " + SIZE + ")";
        }
        if (problem != null && Files.exists(file)) {
            Files.delete(file);   // replaced whole: a wrong-sized file is no base for a mapping
        }
        MappedNeedleCounters c;
        if (problem != null) {
            c = map(file, true);
            c.init(1, true);
        } else {
            MappedByteBuffer m = map(file).map;
            if (!c0(m)) {
                problem = "needle counters " + file + " damaged (checksum)";
                c = new MappedNeedleCounters(m, false);
                c.init(m.getInt(O_SERIAL) + 1, true);
            } else {
                c = new MappedNeedleCounters(m, m.get(O_RUNNING) == 0);
            }
        }
        c.problem = problem;
        c.force();
        return c;
    }

    private static MappedNeedleCounters map(Path file) throws IOException {
        return map(file, true);
    }

    private static MappedNeedleCounters map(Path file, boolean previousRunClean) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        AtomicFiles.allocate(ch, SIZE);   // never a fault in the loop on a full disk
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
        ch.close();   // the mapping stays valid
        return new MappedNeedleCounters(map, previousRunClean);
    }

    /** Why the counts at open were not trusted (the needle is locked out), or null. */
    @Override
    public String problem() {
        return problem;
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
