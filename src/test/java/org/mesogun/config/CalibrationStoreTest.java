package org.mesogun.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;

/** SR-10, SR-13: calibration is checksummed, saved atomically, previous kept, range-checked. */
class CalibrationStoreTest {

    private static final DeviceConfig CONFIG = ConfigFixture.defaultConfig();
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private CalibrationStore store() {
        return new CalibrationStore(dir, CONFIG);
    }

    /** What a technician measured: the zero 20.3 mm from home, and its depth checked with the gauge. */
    private static Calibration measured(double stepsPerMm) {
        return new Calibration(stepsPerMm, Math.round(20.3 * stepsPerMm), 1.07, 0.4, 1, T0, "tech1", CHECKED);
    }

    private static final DepthCheck CHECKED = new DepthCheck(1.0, 1.01, 3.96, 3.95);

    @Test
    void savedCalibrationLoadsBackIdentical() throws Exception {
        Calibration c = measured(412.5);
        store().save(c);
        CalibrationLoad load = store().load();
        assertEquals(CalibrationLoad.Status.VALID, load.status(), load.reason());
        assertTrue(load.armable());
        assertEquals(c, load.calibration());
    }

    @Test

    @Verifies("SR-10")
    void missingFileMeansFactoryNominalAndUnarmed() {
        CalibrationLoad load = store().load();
        assertEquals(CalibrationLoad.Status.MISSING, load.status());
        assertFalse(load.armable());
        assertEquals(Calibration.nominal(CONFIG), load.calibration());
        assertEquals(400.0, load.calibration().stepsPerMm());
        assertTrue(load.reason().contains("uncalibrated factory nominal"), load.reason());
    }

    @Test

    @Verifies({"SR-10", "SR-13"})
    void changedValueIsDetectedByChecksum() throws Exception {
        store().save(measured(412.5));
        Path f = dir.resolve(CalibrationStore.FILE_NAME);
        Files.writeString(f, Files.readString(f).replace("412.5", "419.5"));
        CalibrationLoad load = store().load();
        assertEquals(CalibrationLoad.Status.CORRUPT, load.status());
        assertFalse(load.armable());
        assertTrue(load.reason().contains("checksum mismatch"), load.reason());
        assertEquals(Calibration.nominal(CONFIG), load.calibration());
    }

    @Test
    void reindentedFileStillPassesItsChecksum() throws Exception {
        store().save(measured(412.5));
        Path f = dir.resolve(CalibrationStore.FILE_NAME);
        Files.writeString(f, Files.readString(f).replace("\n", "").replace("  ", ""));
        assertEquals(CalibrationLoad.Status.VALID, store().load().status());
    }

    @Test

    @Verifies("SR-10")
    void truncatedFileIsDetected() throws Exception {
        store().save(measured(412.5));
        Path f = dir.resolve(CalibrationStore.FILE_NAME);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        CalibrationLoad load = store().load();
        assertEquals(CalibrationLoad.Status.CORRUPT, load.status());
        assertTrue(load.reason().contains("not valid JSON"), load.reason());
    }

    @Test

    @Verifies("SR-10")
    void emptyFileIsDetected() throws Exception {
        Files.write(dir.resolve(CalibrationStore.FILE_NAME), new byte[0]);
        assertEquals(CalibrationLoad.Status.CORRUPT, store().load().status());
    }

    @Test
    void otherFormatVersionIsRejected() throws Exception {
        Files.write(dir.resolve(CalibrationStore.FILE_NAME),
                ChecksummedJson.encode(CalibrationStore.KIND, 2, CalibrationStore.toBody(measured(400))));
        CalibrationLoad load = store().load();
        assertEquals(CalibrationLoad.Status.CORRUPT, load.status());
        assertTrue(load.reason().contains("format 2"), load.reason());
    }

    @Test

    @Verifies("SR-13")
    void previousVersionIsKeptOnSave() throws Exception {
        store().save(measured(412.5));
        byte[] first = Files.readAllBytes(dir.resolve(CalibrationStore.FILE_NAME));
        store().save(measured(410.0).revised(T0.plusSeconds(60), "tech2"));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve(CalibrationStore.PREVIOUS_NAME)));
        Calibration now = store().load().calibration();
        assertEquals(410.0, now.stepsPerMm());
        assertEquals(2, now.version());
        assertEquals("tech2", now.savedBy());
    }

    @Test

    @Verifies("SR-13")
    void saveLeavesNoTemporaryFiles() throws Exception {
        store().save(measured(412.5));
        store().save(measured(413.0));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test

    @Verifies({"SR-1", "SR-13"})
    void stepsPerMmMoreThanFivePercentFromNominalIsRefusedOnSave() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> store().save(measured(425.0)));
        assertEquals("calibration: steps/mm 425.0 is 6.3 % from nominal 400.0 (limit ±5.0 %)", e.problems().get(0));
        assertFalse(Files.exists(dir.resolve(CalibrationStore.FILE_NAME)));
        store().save(measured(420.0));
        store().save(measured(380.0));
        assertThrows(ConfigException.class, () -> store().save(measured(379.9)));
    }

    @Test

    @Verifies({"SR-1", "SR-10"})
    void outOfRangeFileIsCorruptNotUsed() throws Exception {
        Files.write(dir.resolve(CalibrationStore.FILE_NAME),
                ChecksummedJson.encode(CalibrationStore.KIND, CalibrationStore.FORMAT,
                        CalibrationStore.toBody(measured(370.0))));
        CalibrationLoad load = store().load();
        assertEquals(CalibrationLoad.Status.CORRUPT, load.status());
        assertTrue(load.reason().contains("steps/mm 370.0"), load.reason());
    }

    @Test

    @Verifies("SR-1")
    void zeroThatPutsMaxDepthPastTheTravelIsRejected() {
        // travel 30 mm = 12000 steps; zero at 10500 puts 4.0 mm at 12100.
        Calibration c = new Calibration(400, 10500, 1.0, 0, 1, T0, "tech1");
        assertTrue(CalibrationCheck.problems(c, CONFIG).stream().anyMatch(p -> p.contains("beyond the mechanical travel")),
                CalibrationCheck.problems(c, CONFIG).toString());
    }

    @Test
    @Verifies("SR-1")
    void aZeroFarFromTheMechanicsHomeToFlushDistanceIsRejected() {
        // The profile: 20.0 mm from home to flush, give or take 1.0 mm of assembly.
        assertEquals(List.of(), CalibrationCheck.problems(new Calibration(400, 8400, 1.0, 0, 1, T0, "t"), CONFIG));
        List<String> p = CalibrationCheck.problems(new Calibration(400, 8401, 1.0, 0, 1, T0, "t"), CONFIG);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("more than 1.00 mm from the mechanics' 20.00 mm"), p.get(0));
        assertEquals(1, CalibrationCheck.problems(new Calibration(400, 7599, 1.0, 0, 1, T0, "t"), CONFIG).size());
    }

    @Test
    @Verifies({"SR-1", "SR-10"})
    void aCalibrationArmsOnlyWithAShallowAndADeepDepthCheckEachWithinTwoHundredthsOfAMillimetre() {
        Calibration c = new Calibration(400, 8000, 1.0, 0, 1, T0, "t");
        assertTrue(CalibrationCheck.armingProblems(c, CONFIG).get(0).startsWith("depth not checked"));
        assertEquals(List.of(), CalibrationCheck.armingProblems(c.withDepthCheck(CHECKED), CONFIG));
        assertEquals(List.of(), CalibrationCheck.armingProblems(c.withDepthCheck(
                new DepthCheck(0.5, 0.52, 3.96, 3.94)), CONFIG), "the edges pass");
        assertEquals(1, CalibrationCheck.armingProblems(c.withDepthCheck(
                new DepthCheck(1.0, 1.021, 3.96, 3.96)), CONFIG).size(), "shallow 0.021 mm off");
        assertEquals(1, CalibrationCheck.armingProblems(c.withDepthCheck(
                new DepthCheck(1.0, 1.0, 3.96, 3.939)), CONFIG).size(), "deep 0.021 mm off");
        assertTrue(CalibrationCheck.armingProblems(c.withDepthCheck(new DepthCheck(1.0, 1.0, 3.9, 3.9)), CONFIG)
                .get(0).contains("short of the deepest command 3.96"));
        assertTrue(CalibrationCheck.armingProblems(c.withDepthCheck(new DepthCheck(1.5, 1.5, 3.96, 3.96)), CONFIG)
                .get(0).contains("shallow depth check at 1.5"));
    }

    @Test
    @Verifies({"SR-1", "SR-10"})
    void aFileWithoutADepthCheckLoadsAsTheCalibrationInUseButDoesNotArm() throws Exception {
        store().save(measured(412.5).withDepthCheck(DepthCheck.NONE));
        CalibrationLoad load = store().load();
        assertEquals(CalibrationLoad.Status.UNVERIFIED, load.status());
        assertFalse(load.armable());
        assertEquals(412.5, load.calibration().stepsPerMm(), "the saved values, not nominal: service uses them");
        assertTrue(load.reason().contains("depth not checked"), load.reason());
        store().save(measured(412.5));
        assertEquals(CHECKED, store().load().calibration().depthCheck(), "the check is saved with the values");
    }

    @Test
    void zeroWithoutRoomForParkIsRejected() {
        Calibration c = new Calibration(400, 300, 1.0, 0, 1, T0, "tech1");
        assertTrue(CalibrationCheck.problems(c, CONFIG).get(0).contains("no room for park"));
    }

    @Test
    void flowOutsideItsBandIsRejected() {
        assertEquals(1, CalibrationCheck.problems(new Calibration(400, 8000, 0.5, 0, 1, T0, "t"), CONFIG).size());
        assertEquals(1, CalibrationCheck.problems(new Calibration(400, 8000, 0.0, 0, 1, T0, "t"), CONFIG).size());
        assertEquals(1, CalibrationCheck.problems(new Calibration(400, 8000, Double.NaN, 0, 1, T0, "t"), CONFIG).size());
        assertEquals(1, CalibrationCheck.problems(new Calibration(400, 8000, 1.0, 9.0, 1, T0, "t"), CONFIG).size());
        assertEquals(0, CalibrationCheck.problems(new Calibration(400, 8000, 1.25, -1.0, 1, T0, "t"), CONFIG).size());
    }

    @Test
    void unknownBodyKeyIsCorrupt() throws Exception {
        var body = CalibrationStore.toBody(measured(400));
        body.put("bonus", 1);
        Files.write(dir.resolve(CalibrationStore.FILE_NAME),
                ChecksummedJson.encode(CalibrationStore.KIND, CalibrationStore.FORMAT, body));
        CalibrationLoad load = store().load();
        assertEquals(CalibrationLoad.Status.CORRUPT, load.status());
        assertTrue(load.reason().contains("body.bonus: unknown key"), load.reason());
    }

    @Test

    @Verifies("SR-13")
    void fileIsReadableJsonWithFormatAndChecksum() throws Exception {
        store().save(measured(412.5));
        String text = Files.readString(dir.resolve(CalibrationStore.FILE_NAME), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"format\" : 1"), text);
        assertTrue(text.matches("(?s).*\"sha256\" : \"[0-9a-f]{64}\".*"), text);
    }
}
