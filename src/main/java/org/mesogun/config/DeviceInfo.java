package org.mesogun.config;

import java.util.regex.Pattern;

/**
 * {@code device}: who this gun is and what it runs on.
 *
 * @param id the MQTT topic segment (requirements §7), so restricted to characters safe there
 */
public record DeviceInfo(String id, Board board) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    static DeviceInfo read(YamlSection s) {
        DeviceInfo d = new DeviceInfo(
                s.text("id", ID, "1-32 characters of A-Z a-z 0-9 _ -"),
                s.choice("board", Board::fromYaml, "simulator, pi4j"));
        s.finish();
        return d;
    }
}
