package org.mesogun.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Every problem found while reading, each with its path. Reading goes on after a problem so one
 * run reports them all; cross-field checks ask {@link #clean} first so that one bad value is
 * reported once, not again by every check that uses it.
 */
final class Problems {

    private record Entry(String path, String message) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(String path, String message) {
        entries.add(new Entry(path, message));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** True when no problem was reported at any of these paths, above them or below them. */
    boolean clean(String... paths) {
        for (String path : paths) {
            for (Entry e : entries) {
                if (related(e.path, path)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean related(String a, String b) {
        return a.equals(b) || a.isEmpty() || b.isEmpty() || nested(a, b) || nested(b, a);
    }

    private static boolean nested(String outer, String inner) {
        return inner.startsWith(outer)
                && (inner.charAt(outer.length()) == '.' || inner.charAt(outer.length()) == '[');
    }

    List<String> asList() {
        List<String> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add((e.path.isEmpty() ? "(top level)" : e.path) + ": " + e.message);
        }
        return out;
    }
}
