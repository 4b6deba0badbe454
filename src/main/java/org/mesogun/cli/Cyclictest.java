package org.mesogun.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The machine's own floor: rt-tests' {@code cyclictest} at the loop's period and priority, its
 * latency histogram read back into the same percentiles the loop reports (requirements §11).
 */
final class Cyclictest {

    /** Wake-up latency in µs as cyclictest measured it; {@code error} set when it could not run. */
    record Result(long samples, double p50, double p99, double p999, double max, String error) {
    }

    private static final int HISTOGRAM_US = 20_000;

    private Cyclictest() {
    }

    /** Runs {@code cyclictest -m -p PRIO -i PERIOD -l N -q -h 20000} (needs root for the priority). */
    static Result run(int seconds, int periodMicros, int priority) {
        long loops = seconds * 1_000_000L / periodMicros;
        ProcessBuilder pb = new ProcessBuilder("cyclictest", "-m", "-p", Integer.toString(priority), "-i",
                Integer.toString(periodMicros), "-l", Long.toString(loops), "-q", "-h",
                Integer.toString(HISTOGRAM_US)).redirectErrorStream(true);
        long[] counts = new long[HISTOGRAM_US];
        long total = 0;
        double max = 0;
        try {
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    line = line.trim();
                    if (line.startsWith("# Max Latencies:")) {
                        max = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);
                    } else if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                        String[] f = line.split("\\s+");
                        int us = Integer.parseInt(f[0]);
                        long c = Long.parseLong(f[1]);
                        if (us < counts.length) {
                            counts[us] += c;
                            total += c;
                        }
                    }
                }
            }
            if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(0, 0, 0, 0, 0, "cyclictest did not finish");
            }
            if (p.exitValue() != 0 || total == 0) {
                return new Result(0, 0, 0, 0, 0, "cyclictest failed (exit " + p.exitValue() + "; root needed for -p)");
            }
        } catch (IOException e) {
            return new Result(0, 0, 0, 0, 0, "cyclictest not found (apt-get install rt-tests): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, 0, 0, 0, 0, "interrupted");
        }
        return new Result(total, percentile(counts, total, 0.50), percentile(counts, total, 0.99),
                percentile(counts, total, 0.999), max, null);
    }

    private static double percentile(long[] counts, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int us = 0; us < counts.length; us++) {
            seen += counts[us];
            if (seen >= rank) {
                return us;
            }
        }
        return counts.length;
    }
}
