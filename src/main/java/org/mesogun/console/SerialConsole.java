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
 */
public final class SerialConsole implements AutoCloseable {

    static final int READ_TIMEOUT_MS = 20;

    private final SerialPort port;
    private final ConsoleEngine engine;
    private final Thread reader;
    private volatile boolean running = true;

    public SerialConsole(String path, SerialConfig cfg, Function<Consumer<String>, ConsoleEngine> engine) {
        this.port = SerialPort.getCommPort(path);
        port.setComPortParameters(cfg.baud(), cfg.dataBits(), stopBits(cfg.stopBits()), parity(cfg.parity()));
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_TIMEOUT_MS, 1000);
        if (!port.openPort()) {
            throw new IllegalStateException("cannot open serial port " + path);
        }
        this.engine = engine.apply(this::write);
        this.reader = new Thread(this::read, "mesogun-console");
        reader.setDaemon(true);
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
        byte[] b = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        port.writeBytes(b, b.length);
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join(2_000);
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
