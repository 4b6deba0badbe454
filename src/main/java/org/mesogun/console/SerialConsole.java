package org.mesogun.console;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mesogun.config.SerialConfig;

/**
 * The console on a serial port (jSerialComm): port, baud and framing from config {@code serial}.
 * One reader thread owns the engine: it reads with a short timeout, feeds the bytes in, and polls
 * the engine between reads so answers from the loop and alarms go out without a byte arriving.
 * Opened by path, so a pseudo-terminal works too; never {@code flushIOBuffers()}, which loses bytes
 * on a pty (docs: DEPENDENCIES.md).
 *
 * <p>The reader never writes: answers go through a bounded queue to a writer thread. A write can
 * block for good when the other end does not read (jSerialComm's write timeout is not applied on
 * a pty; socat blocks on one direction of a pair while the other fills), and a reader blocked in a
 * write no longer sees {@code !} or Ctrl-X. When the queue is full the answer is dropped and
 * counted ({@link #droppedLines()}), and the console keeps reading.
 */
public final class SerialConsole implements AutoCloseable {

    static final int READ_TIMEOUT_MS = 20;
    static final int WRITE_TIMEOUT_MS = 1000;
    /** Answer lines waiting for the port: a screenful many times over. */
    static final int OUT_QUEUE_LINES = 1024;

    private final SerialPort port;
    private final ConsoleEngine engine;
    private final Thread reader;
    private final Thread writer;
    private final java.util.concurrent.ArrayBlockingQueue<byte[]> out =
            new java.util.concurrent.ArrayBlockingQueue<>(OUT_QUEUE_LINES);
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;

    public SerialConsole(String path, SerialConfig cfg, Function<Consumer<String>, ConsoleEngine> engine) {
        try {
            this.port = SerialPort.getCommPort(path);
        } catch (com.fazecast.jSerialComm.SerialPortInvalidPortException e) {
            throw new IllegalStateException("cannot open serial port " + path + ": no such port");
        }
        port.setComPortParameters(cfg.baud(), cfg.dataBits(), stopBits(cfg.stopBits()), parity(cfg.parity()));
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);   // XON/XOFF are bytes like any other
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_TIMEOUT_MS, WRITE_TIMEOUT_MS);
        if (!port.openPort()) {
            throw new IllegalStateException("cannot open serial port " + path);
        }
        this.engine = engine.apply(this::write);
        this.engine.echoTo(this::writeRaw);
        this.reader = new Thread(this::read, "mesogun-console");
        reader.setDaemon(true);
        this.writer = new Thread(this::drain, "mesogun-console-out");
        writer.setDaemon(true);
        writer.start();
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[512];
        while (running) {
            int n = port.readBytes(buf, buf.length);
            if (n > 0) {
                engine.receive(buf, n);
            } else if (n < 0 && !port.isOpen()) {
                break;
            }
            engine.poll();
        }
    }

    private void write(String line) {
        if (!out.offer((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1))) {
            dropped.incrementAndGet();
        }
    }

    private void writeRaw(String text) {
        if (!out.offer(text.getBytes(StandardCharsets.ISO_8859_1))) {
            dropped.incrementAndGet();
        }
    }

    private void drain() {
        try {
            while (running || !out.isEmpty()) {
                byte[] b = out.poll(READ_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (b != null && port.writeBytes(b, b.length) < 0 && !port.isOpen()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answer lines dropped because the other end did not read them. */
    public long droppedLines() {
        return dropped.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join(2_000);
            writer.join(2_000);   // what is queued still goes out, unless the other end stopped reading
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        port.closePort();
    }

    private static int stopBits(int n) {
        return n == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
    }

    private static int parity(char p) {
        return switch (p) {
            case 'E' -> SerialPort.EVEN_PARITY;
            case 'O' -> SerialPort.ODD_PARITY;
            case 'M' -> SerialPort.MARK_PARITY;
            case 'S' -> SerialPort.SPACE_PARITY;
            default -> SerialPort.NO_PARITY;
        };
    }
}
