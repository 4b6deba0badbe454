package org.mesogun.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads {@code mesogun.yaml} into a {@link DeviceConfig}, or throws {@link ConfigException} with
 * every problem found (requirements §8). The YAML is parsed to a tree and read by hand, not bound to
 * classes, so that each problem carries its path and a key nobody reads is an error.
 */
public final class ConfigLoader {

    public static final String FILE_NAME = "mesogun.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a key given twice is a typo too
            .build();

    private ConfigLoader() {
    }

    /** Loads a file, or {@code DIR/mesogun.yaml} when given a directory. */
    public static DeviceConfig load(Path fileOrDir) {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(FILE_NAME) : fileOrDir;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e));
        }
        return parse(bytes, file.toString());
    }

    /** Parses YAML text; {@code source} names it in a syntax error. */
    public static DeviceConfig parse(byte[] yaml, String source) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException(List.of(source + ": not valid YAML" + where(e.getLocation())
                    + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(List.of(source + ": cannot read: " + e));
        }
        Problems p = new Problems();
        YamlSection root = YamlSection.root(tree == null || tree.isMissingNode() ? null : tree, p);
        DeviceConfig c = new DeviceConfig(
                DeviceInfo.read(root.section("device")),
                LoopConfig.read(root.section("loop")),
                InputsConfig.read(root.section("inputs")),
                MechanicsConfig.read(root.section("mechanics")),
                ValveConfig.read(root.section("valve")),
                SyringeConfig.read(root.section("syringe")),
                PlungerConfig.read(root.section("plunger")),
                NeedleConfig.read(root.section("needle")),
                SessionConfig.read(root.section("session")),
                PinConfig.read(root.section("pins")),
                protocols(root),
                MqttConfig.read(root.section("mqtt")),
                SerialConfig.read(root.section("serial")),
                StorageConfig.read(root.section("storage")),
                sha256(yaml));
        root.finish();
        CrossChecks.check(c, p);
        if (!p.isEmpty()) {
            throw new ConfigException(p.asList());
        }
        return c;
    }

    private static List<Protocol> protocols(YamlSection root) {
        List<Protocol> out = new ArrayList<>();
        for (YamlSection s : root.list("protocols")) {
            out.add(ProtocolReader.read(s));
        }
        return out;
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
