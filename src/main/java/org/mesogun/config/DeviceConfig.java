package org.mesogun.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole device profile of {@code config/mesogun.yaml}, one component per section, read and
 * validated once by {@link ConfigLoader} and immutable after.
 *
 * @param sourceSha256 hex SHA-256 of the file's bytes: the config id reported at birth and
 *                     checked at self-test (SR-10)
 */
public record DeviceConfig(
        DeviceInfo device,
        LoopConfig loop,
        InputsConfig inputs,
        MechanicsConfig mechanics,
        ValveConfig valve,
        SyringeConfig syringe,
        PlungerConfig plunger,
        NeedleConfig needle,
        SessionConfig session,
        PinConfig pins,
        List<Protocol> protocols,
        MqttConfig mqtt,
        SerialConfig serial,
        StorageConfig storage,
        String sourceSha256) {

    public DeviceConfig {
        protocols = List.copyOf(protocols);
    }

    public Optional<Protocol> protocol(String name) {
        return protocols.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The first 12 hex digits of the checksum: short enough for a status line. */
    public String configId() {
        return sourceSha256.substring(0, Math.min(12, sourceSha256.length()));
    }
}
