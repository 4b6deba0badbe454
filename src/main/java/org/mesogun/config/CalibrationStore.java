package org.mesogun.config;

import static org.mesogun.config.ChecksummedJson.number;
import static org.mesogun.config.ChecksummedJson.text;
import static org.mesogun.config.ChecksummedJson.whole;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code DATA_DIR/calibration.json}: machine-written, versioned, checksummed, saved atomically
 * with the previous version kept as {@code calibration.prev.json} (SR-10, SR-13). Never falls
 * back silently: a damaged file is reported as such and leaves the gun unarmed.
 */
public final class CalibrationStore {

    public static final String FILE_NAME = "calibration.json";
    public static final String PREVIOUS_NAME = "calibration.prev.json";
    static final String KIND = "mesogun-calibration";
    static final int FORMAT = 1;

    private final Path file;
    private final Path previous;
    private final DeviceConfig config;

    public CalibrationStore(Path dataDir, DeviceConfig config) {
        this.file = dataDir.resolve(FILE_NAME);
        this.previous = dataDir.resolve(PREVIOUS_NAME);
        this.config = config;
    }

    public Path file() {
        return file;
    }

    public CalibrationLoad load() {
        Calibration nominal = Calibration.nominal(config);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new CalibrationLoad(CalibrationLoad.Status.MISSING, nominal,
                    "no calibration: uncalibrated factory nominal");
        } catch (IOException e) {
            return corrupt(nominal, "cannot read " + file + ": " + e);
        }
        Calibration c;
        try {
            c = fromBody(ChecksummedJson.decode(bytes, KIND, FORMAT));
        } catch (CorruptFileException e) {
            return corrupt(nominal, file + ": " + e.getMessage());
        }
        List<String> problems = CalibrationCheck.problems(c, config);
        if (!problems.isEmpty()) {
            return corrupt(nominal, file + ": out of range for this config: " + String.join("; ", problems));
        }
        List<String> arming = CalibrationCheck.armingProblems(c, config);
        if (!arming.isEmpty()) {
            return new CalibrationLoad(CalibrationLoad.Status.UNVERIFIED, c, String.join("; ", arming));
        }
        return new CalibrationLoad(CalibrationLoad.Status.VALID, c, "");
    }

    /**
     * Validates and saves; the previous file becomes {@code calibration.prev.json}.
     *
     * @throws ConfigException listing every problem; nothing is written then
     */
    public void save(Calibration c) throws IOException {
        List<String> problems = CalibrationCheck.problems(c, config);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(p -> "calibration: " + p).toList());
        }
        AtomicFiles.writeKeepingPrevious(file, previous, ChecksummedJson.encode(KIND, FORMAT, toBody(c)));
    }

    private static CalibrationLoad corrupt(Calibration nominal, String reason) {
        return new CalibrationLoad(CalibrationLoad.Status.CORRUPT, nominal, reason);
    }

    static ObjectNode toBody(Calibration c) {
        ObjectNode b = ChecksummedJson.newObject();
        b.put("stepsPerMm", c.stepsPerMm());
        b.put("zeroStepsFromHome", c.zeroStepsFromHome());
        b.put("flowUlPerMs", c.flowUlPerMs());
        b.put("flowOffsetUl", c.flowOffsetUl());
        b.put("version", c.version());
        b.put("savedAt", c.savedAt().toString());
        b.put("savedBy", c.savedBy());
        DepthCheck d = c.depthCheck();
        if (d.complete()) {
            ObjectNode check = b.putObject("depthCheck");
            check.put("shallowCommandedMm", d.shallowCommandedMm());
            check.put("shallowMeasuredMm", d.shallowMeasuredMm());
            check.put("deepCommandedMm", d.deepCommandedMm());
            check.put("deepMeasuredMm", d.deepMeasuredMm());
        }
        return b;
    }

    static Calibration fromBody(ObjectNode b) {
        String at = "body.";
        ChecksummedJson.onlyKeys(b, at, "stepsPerMm", "zeroStepsFromHome", "flowUlPerMs", "flowOffsetUl",
                "version", "savedAt", "savedBy", "depthCheck");
        DepthCheck check = DepthCheck.NONE;
        if (b.has("depthCheck")) {
            // Absent in files of before the depth check: such a calibration loads, and does not arm.
            com.fasterxml.jackson.databind.JsonNode d = b.get("depthCheck");
            String where = at + "depthCheck.";
            if (!d.isObject()) {
                throw new CorruptFileException(where + " not an object");
            }
            ChecksummedJson.onlyKeys(d, where, "shallowCommandedMm", "shallowMeasuredMm", "deepCommandedMm",
                    "deepMeasuredMm");
            check = new DepthCheck(number(d, "shallowCommandedMm", where), number(d, "shallowMeasuredMm", where),
                    number(d, "deepCommandedMm", where), number(d, "deepMeasuredMm", where));
        }
        long version = whole(b, "version", at);
        if (version < 0 || version > Integer.MAX_VALUE) {
            throw new CorruptFileException(at + "version: " + version + " out of range");
        }
        Instant savedAt;
        try {
            savedAt = Instant.parse(text(b, "savedAt", at));
        } catch (DateTimeParseException e) {
            throw new CorruptFileException(at + "savedAt: not an instant: " + b.get("savedAt"));
        }
        return new Calibration(number(b, "stepsPerMm", at), whole(b, "zeroStepsFromHome", at),
                number(b, "flowUlPerMs", at), number(b, "flowOffsetUl", at), (int) version, savedAt,
                text(b, "savedBy", at), check);
    }
}
