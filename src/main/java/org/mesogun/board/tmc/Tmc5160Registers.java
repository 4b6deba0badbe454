package org.mesogun.board.tmc;

/**
 * Register addresses and bits of the TMC5160 used here (datasheet rev. 1.x, section 6). Kept in
 * one place so the axis and the test model of the chip cannot disagree on a number.
 */
public final class Tmc5160Registers {

    private Tmc5160Registers() {
    }

    /** OR-ed into the address byte of a datagram that writes. */
    public static final int WRITE = 0x80;

    public static final int GCONF = 0x00;
    /** Global status: bit 0 reset, 1 drv_err, 2 uv_cp; each cleared by writing 1. */
    public static final int GSTAT = 0x01;
    public static final int IHOLD_IRUN = 0x10;
    public static final int RAMPMODE = 0x20;
    public static final int XACTUAL = 0x21;
    public static final int VACTUAL = 0x22;
    public static final int VSTART = 0x23;
    public static final int A1 = 0x24;
    public static final int V1 = 0x25;
    public static final int AMAX = 0x26;
    public static final int VMAX = 0x27;
    public static final int DMAX = 0x28;
    public static final int D1 = 0x2A;
    public static final int VSTOP = 0x2B;
    public static final int XTARGET = 0x2D;
    public static final int RAMP_STAT = 0x35;
    public static final int CHOPCONF = 0x6C;
    public static final int DRV_STATUS = 0x6F;

    /** RAMPMODE values. */
    public static final int MODE_POSITION = 0;
    public static final int MODE_VELOCITY_POS = 1;
    public static final int MODE_VELOCITY_NEG = 2;
    public static final int MODE_HOLD = 3;

    /** GSTAT bits. */
    public static final int GSTAT_RESET = 1;
    public static final int GSTAT_ALL = 0x7;

    /** The status byte the chip shifts out first in every datagram (SPI_STATUS). */
    public static final int STATUS_RESET_FLAG = 1;
    public static final int STATUS_DRIVER_ERROR = 1 << 1;
    public static final int STATUS_STANDSTILL = 1 << 3;
    public static final int STATUS_VELOCITY_REACHED = 1 << 4;
    public static final int STATUS_POSITION_REACHED = 1 << 5;

    /** RAMP_STAT bits. */
    public static final int RAMP_EVENT_STOP_L = 1 << 4;
    public static final int RAMP_EVENT_STOP_R = 1 << 5;
    public static final int RAMP_EVENT_POS_REACHED = 1 << 7;
    public static final int RAMP_VELOCITY_REACHED = 1 << 8;
    public static final int RAMP_POSITION_REACHED = 1 << 9;
    public static final int RAMP_VZERO = 1 << 10;

    /** DRV_STATUS bits that mean the power stage has shut down or the motor is not connected. */
    public static final int DRV_OT = 1 << 25;
    public static final int DRV_S2GA = 1 << 27;
    public static final int DRV_S2GB = 1 << 28;
    public static final int DRV_STST = 1 << 31;

    /** CHOPCONF.TOFF (bits 0..3): 0 switches the power stage off whatever DRV_ENN says. */
    public static final int CHOPCONF_TOFF_MASK = 0xF;

    /** Register widths the chip keeps (larger writes are truncated by the chip). */
    public static final int VMAX_LIMIT = (1 << 23) - 512;
    public static final int ACCEL_LIMIT = (1 << 16) - 1;
    public static final int V1_LIMIT = (1 << 20) - 1;
    public static final int VSTART_VSTOP_LIMIT = (1 << 18) - 1;
}
