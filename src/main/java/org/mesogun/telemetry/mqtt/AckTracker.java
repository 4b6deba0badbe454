package org.mesogun.telemetry.mqtt;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Which published records the broker acknowledged (PUBACK, on Paho's callback thread), folded
 * into the highest {@code seq} below which everything is acknowledged — the only number the
 * journal may act on, since acknowledgements can arrive out of order.
 */
final class AckTracker {

    private final ArrayDeque<Long> inFlight = new ArrayDeque<>();
    private final Set<Long> done = new HashSet<>();
    private long ackedUpTo;

    synchronized void reset(long acked) {
        inFlight.clear();
        done.clear();
        ackedUpTo = acked;
    }

    synchronized void sent(long seq) {
        inFlight.addLast(seq);
    }

    synchronized void acknowledged(long seq) {
        done.add(seq);
        while (!inFlight.isEmpty() && done.remove(inFlight.peekFirst())) {
            ackedUpTo = inFlight.removeFirst();
        }
    }

    synchronized long ackedUpTo() {
        return ackedUpTo;
    }

    synchronized int inFlight() {
        return inFlight.size();
    }
}
