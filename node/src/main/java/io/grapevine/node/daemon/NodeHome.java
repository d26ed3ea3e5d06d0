package io.grapevine.node.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The node's home folder: key, config, databases, and the files a client uses to find the running node. */
public record NodeHome(Path dir) {

    public static final String ENV_VAR = "GRAPEVINE_HOME";

    /** {@code --home} if given, else {@code $GRAPEVINE_HOME}, else {@code ~/.grapevine}. */
    public static NodeHome resolve(Path explicit) {
        if (explicit != null) return new NodeHome(explicit.toAbsolutePath().normalize());
        String env = System.getenv(ENV_VAR);
        if (env != null && !env.isBlank()) return new NodeHome(Path.of(env).toAbsolutePath().normalize());
        return new NodeHome(Path.of(System.getProperty("user.home"), ".grapevine"));
    }

    public Path configFile() { return dir.resolve("config.json"); }
    public Path peerStoreFile() { return dir.resolve("peers.json"); }

    public void ensureExists() throws IOException {
        Files.createDirectories(dir);
    }
}
