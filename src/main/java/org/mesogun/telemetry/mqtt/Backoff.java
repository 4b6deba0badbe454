package org.mesogun.telemetry.mqtt;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Our reconnect policy (not Paho's automatic reconnect, which reuses the first Will and buffers in
 * memory): 250 ms doubling to 8 s, ±20 % jitter so a clinic's guns do not reconnect in step after
 * a broker restart; back to 250 ms after a connection that worked.
 */
final class Backoff {

    static final long FIRST_MILLIS = 250;
    static final long MAX_MILLIS = 8_000;
    private long next = FIRST_MILLIS;

    long nextDelayMillis() {
        long d = next;
        next = Math.min(MAX_MILLIS, next * 2);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Math.round(d * jitter);
    }

    void reset() {
        next = FIRST_MILLIS;
    }
}
