package org.mesogun.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.controller.State;

/**
 * Issue 18, item 2: a terminal-friendly line editor. What is typed is echoed (on by default,
 * ECHO OFF for a program, no login needed); backspace and DEL take back the last character; an
 * empty line is answered ok; the realtime bytes are not echoed.
 */
class LineEditorTest {

    @TempDir
    Path dir;

    private final List<String> echoed = new ArrayList<>();

    private ConsoleBench bench() throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 1);
        b.until(State.FAULT, 1_000);
        b.engine.echoTo(echoed::add);
        b.raw(bytes("?"));   // the connection's first byte: a ? asks for the status itself (no greeting)
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void whatIsTypedIsEchoedAndBackspaceOrDelEditsTheLine() throws Exception {
        ConsoleBench b = bench();
        // "VERSOIN", two taken back by backspace, "ION" typed again, one more by DEL and "N".
        List<String> r = b.raw(bytes("VERSOI\b\bION\u007fN\r\n"));
        assertTrue(ConsoleBench.last(r).equals("ok") && r.get(0).startsWith("[VER:mesogun"), r.toString());
        assertEquals("VERSOI\b \b\b \bION\b \bN\r\n", String.join("", echoed));
    }

    @Test
    void aBackspaceOnAnEmptyLineIsNothingAndAnEmptyLineIsOk() throws Exception {
        ConsoleBench b = bench();
        assertEquals(List.of("ok"), b.raw(bytes("\b\u007f\r\n")));
        assertEquals("\r\n", String.join("", echoed), "nothing to take back: nothing echoed but the line end");
        assertEquals(List.of("ok"), b.send(""));
    }

    @Test
    void echoOffNeedsNoLoginAndStopsTheEcho() throws Exception {
        ConsoleBench b = bench();
        assertEquals("ok", ConsoleBench.last(b.send("ECHO OFF")));
        echoed.clear();
        b.ok("VERSION");
        assertEquals(List.of(), echoed);
        assertEquals("ok", ConsoleBench.last(b.send("echo on")));
        echoed.clear();
        b.ok("VERSION");
        assertEquals("VERSION\r\n", String.join("", echoed));
        assertTrue(ConsoleBench.last(b.send("ECHO")).startsWith("error:"), "ECHO ON|OFF");
    }

    @Test
    void theRealtimeBytesAreNotEchoedAndTheEchoComesBeforeTheAnswer() throws Exception {
        ConsoleBench b = bench();
        List<String> order = new ArrayList<>();
        b.engine.echoTo(s -> order.add("echo:" + s));
        int from = b.output.size();
        b.raw(bytes("VER?SION\r\n"));
        assertEquals("echo:VER", order.get(0), "what was typed before the ? goes out before the status");
        assertTrue(order.stream().noneMatch(s -> s.contains("?")), order.toString());
        assertTrue(b.output.get(from).startsWith("<"), b.output.toString());
    }

    @Test
    void helpOnACommandGivesItsArgumentsAndLimitsAndEveryCommandHasOne() throws Exception {
        ConsoleBench b = bench();
        List<String> r = b.send("HELP jog");
        assertEquals("ok", ConsoleBench.last(r));
        assertTrue(r.get(0).startsWith("[HELP:JOG <mm>: move the needle -40 to +40 mm") && r.get(0).contains("travel"),
                r.toString());
        assertTrue(b.send("HELP TESTSHOT").get(0).contains("1-50 shots"));
        String none = ConsoleBench.last(b.send("HELP FROB"));
        assertTrue(none.startsWith("error:4 ") && none.contains("no command FROB"), none);
        for (String c : List.of("HELP", "VERSION", "ECHO", "LOGIN", "LOGOUT", "PIN", "USER", "SERVICE", "HOME", "JOG",
                "ZERO", "PRIME", "TESTSHOT", "CAL", "SAVE", "FAULTS", "ACK", "LOG", "SELFTEST", "$steps_per_mm")) {
            assertTrue(CommandHelp.of(c) != null, c);
        }
    }

    @Test
    void aJogPastTheTravelNamesTheTravel() throws Exception {
        ConsoleBench b = bench();
        b.ok("LOGIN factory 0000");
        b.ok("PIN SET 4321");
        b.ok("SERVICE ON");
        b.ok("HOME");
        String e = ConsoleBench.last(b.send("JOG 30"));
        assertTrue(e.startsWith("error:5 ") && e.contains("the travel is") && e.contains("mm deep")
                && e.contains("the tip is at -1.00 mm"), e);
    }

    @Test
    void theFirstByteOfAConnectionIsAnsweredWithTheStatusAndALatchedAlarm() throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 1);
        b.until(State.FAULT, 1_000);
        List<String> r = b.send("VERSION");
        assertTrue(r.get(0).startsWith("<Fault|") && r.get(1).startsWith("[MSG:latched ALARM 100"), r.toString());
        assertTrue(r.get(2).startsWith("[VER:") && ConsoleBench.last(r).equals("ok"), r.toString());
        List<String> again = b.send("VERSION");
        assertTrue(again.get(0).startsWith("[VER:"), "once a connection: " + again);
    }
}
