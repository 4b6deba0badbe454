package org.mesogun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A passing reliability test leaves its figures in {@code target/evidence/NAME.md}, which
 * {@code java -jar target/mesogun.jar reliability} puts into docs/reliability.md (requirements §12). Written
 * last, after every assertion: a failing run leaves nothing, so the report never shows a figure
 * from a run that did not pass.
 */
public final class Evidence {

    private static final Path DIR = Path.of("target", "evidence");

    private Evidence() {
    }

    /** @param command how to run it again (the full form); @param body the figures, markdown */
    public static void record(String name, String command, String body) {
        write(name, body.strip() + "\n\n_This run passed on " + LocalDate.now() + "; the full form: `" + command + "`._\n");
    }

    /**
     * A search whose findings are the evidence (requirements §12: while a fix is open the full world
     * search is expected to fail, and what it found is what the report must show), recorded
     * passed or not, and saying which.
     */
    public static void recordFindings(String name, String command, String body, boolean passed) {
        write(name, body.strip() + "\n\n_This run " + (passed ? "passed" : "failed, as recorded above,") + " on "
                + LocalDate.now() + "; the full form: `" + command + "`._\n");
    }

    private static void write(String name, String md) {
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(name + ".md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence of " + name, e);
        }
    }
}
