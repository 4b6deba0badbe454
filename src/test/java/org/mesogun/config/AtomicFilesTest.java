package org.mesogun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test

    @Verifies("SR-13")
    void writeCreatesTheDirectoryAndReplacesTheFile() throws Exception {
        Path f = dir.resolve("a/b/c.json");
        AtomicFiles.write(f, "one".getBytes());
        AtomicFiles.write(f, "two".getBytes());
        assertEquals("two", Files.readString(f));
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void keepingPreviousWithNoCurrentFileWritesNoPrevious() throws Exception {
        AtomicFiles.writeKeepingPrevious(dir.resolve("x"), dir.resolve("x.prev"), "1".getBytes());
        assertFalse(Files.exists(dir.resolve("x.prev")));
        AtomicFiles.writeKeepingPrevious(dir.resolve("x"), dir.resolve("x.prev"), "2".getBytes());
        assertEquals("1", Files.readString(dir.resolve("x.prev")));
        assertEquals("2", Files.readString(dir.resolve("x")));
    }
}
