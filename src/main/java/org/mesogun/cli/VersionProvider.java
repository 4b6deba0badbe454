package org.mesogun.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The build's version (pom.xml, also in VERSION at the top of the checkout), as the gun reports it
 * in its birth ({@code firmware}) and {@code --version}: read from the file Maven fills in.
 */
public final class VersionProvider implements IVersionProvider {

    private static final String VERSION = read();

    private static String read() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/org/mesogun/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev").trim();
            return v.isEmpty() || v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }

    public static String version() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"mesogun " + version()};
    }
}
