package org.mesogun.board.tmc;

import com.pi4j.io.spi.Spi;
import org.mesogun.hal.HardwareFaultException;

/**
 * The TMC5160's SPI datagrams: 40 bits, an address byte (bit 7 set to write) and 32 data bits,
 * most significant byte first, in SPI mode 3. The chip answers every datagram with its status
 * byte and the data latched by the <em>previous</em> datagram, so a read is two transfers: the
 * request, then any datagram (here the same request again) that carries the answer out.
 *
 * <p>Not thread-safe: the caller serialises access (two interleaved reads would swap answers).
 * The buffers are allocated once, so a transfer allocates nothing of ours.
 */
public final class Tmc5160Spi {

    static final int DATAGRAM_BYTES = 5;

    private final Spi spi;
    private final byte[] out = new byte[DATAGRAM_BYTES];
    private final byte[] in = new byte[DATAGRAM_BYTES];
    private int lastStatus;

    public Tmc5160Spi(Spi spi) {
        this.spi = spi;
    }

    /** Writes a register; returns the status byte the chip sent during the write. */
    public int write(int address, int value) {
        transfer(address | Tmc5160Registers.WRITE, value);
        return lastStatus;
    }

    /** Reads a register: a request, then a second datagram to clock its answer out. */
    public int read(int address) {
        transfer(address & 0x7F, 0);
        return transfer(address & 0x7F, 0);
    }

    /** The SPI_STATUS byte of the last datagram. */
    public int lastStatus() {
        return lastStatus;
    }

    private int transfer(int addressByte, int value) {
        out[0] = (byte) addressByte;
        out[1] = (byte) (value >>> 24);
        out[2] = (byte) (value >>> 16);
        out[3] = (byte) (value >>> 8);
        out[4] = (byte) value;
        int n;
        try {
            n = spi.transfer(out, 0, in, 0, DATAGRAM_BYTES);
        } catch (RuntimeException e) {
            throw new HardwareFaultException("SPI transfer to the TMC5160 failed", e);
        }
        if (n != DATAGRAM_BYTES) {
            throw new HardwareFaultException("SPI transfer to the TMC5160 moved " + n
                    + " bytes instead of " + DATAGRAM_BYTES);
        }
        lastStatus = in[0] & 0xFF;
        return (in[1] & 0xFF) << 24 | (in[2] & 0xFF) << 16 | (in[3] & 0xFF) << 8 | (in[4] & 0xFF);
    }
}
