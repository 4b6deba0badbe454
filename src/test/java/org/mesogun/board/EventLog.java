package org.mesogun.board;

import java.util.ArrayList;
import java.util.List;

/** What happened on the mock pins, in order, across threads. */
final class EventLog {

    private final List<String> events = new ArrayList<>();

    synchronized void add(String event) {
        events.add(event);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized int indexOf(String event) {
        return events.indexOf(event);
    }
}
