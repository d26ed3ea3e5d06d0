package io.grapevine.node.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version this build reports to people (CLI) and to peers (identify's agentVersion); Maven fills it in. */
public final class GrapevineVersion {
    public static final String VERSION = load();
    public static final String AGENT = "grapevine/" + VERSION;

    private GrapevineVersion() {}

    private static String load() {
        try (InputStream in = GrapevineVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("version.properties missing from the build");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
