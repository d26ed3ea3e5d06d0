package io.grapevine.node.daemon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grapevine.node.transfer.TransferSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The node's persistent settings ({@code config.json} in the home folder). Command-line flags override them for one run.
 * {@code announceDifficulty}: the stamp bits this network requires on announcements (the same on every node of a
 * network); {@code announceMaxAgeDays}: older announcements are ignored; {@code syncIntervalSeconds}: seconds between
 * periodic catch-up rounds with connected peers (0 = only on connect). Missing values take the defaults.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeConfig(List<String> listen, List<String> bootstrap, int maxConnections, String downloadDir,
                         TransferSettings transfer, Integer announceDifficulty, Integer announceMaxAgeDays,
                         Integer syncIntervalSeconds) {

    public static final List<String> DEFAULT_LISTEN = List.of("/ip4/0.0.0.0/tcp/4001");
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    /** About a second of one core per announcement (docs/announce.md, "Stamp cost"). */
    public static final int DEFAULT_ANNOUNCE_DIFFICULTY = 20;
    public static final int DEFAULT_ANNOUNCE_MAX_AGE_DAYS = 365;
    /** Five minutes: gossip delivers within seconds, this only repairs what it missed. */
    public static final int DEFAULT_SYNC_INTERVAL_SECONDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public NodeConfig {
        listen = listen == null || listen.isEmpty() ? DEFAULT_LISTEN : List.copyOf(listen);
        bootstrap = bootstrap == null ? List.of() : List.copyOf(bootstrap);
        if (maxConnections <= 0) maxConnections = DEFAULT_MAX_CONNECTIONS;
        if (downloadDir != null && downloadDir.isBlank()) downloadDir = null;
        if (transfer == null) transfer = TransferSettings.defaults();
        if (announceDifficulty == null) announceDifficulty = DEFAULT_ANNOUNCE_DIFFICULTY;
        if (announceDifficulty < 0 || announceDifficulty > 64) {
            throw new IllegalArgumentException("announceDifficulty must be 0..64: " + announceDifficulty);
        }
        if (announceMaxAgeDays == null || announceMaxAgeDays <= 0) announceMaxAgeDays = DEFAULT_ANNOUNCE_MAX_AGE_DAYS;
        if (syncIntervalSeconds == null) syncIntervalSeconds = DEFAULT_SYNC_INTERVAL_SECONDS;
        if (syncIntervalSeconds < 0) throw new IllegalArgumentException("syncIntervalSeconds must be >= 0: " + syncIntervalSeconds);
    }

    public NodeConfig(List<String> listen, List<String> bootstrap, int maxConnections) {
        this(listen, bootstrap, maxConnections, null, TransferSettings.defaults(), null, null, null);
    }

    public static NodeConfig defaults() {
        return new NodeConfig(DEFAULT_LISTEN, List.of(), DEFAULT_MAX_CONNECTIONS);
    }

    /** Where downloads go: {@code downloadDir} if set (relative to the home), else {@code <home>/downloads}. */
    public Path downloadFolder(Path home) {
        return (downloadDir == null ? home.resolve("downloads") : home.resolve(downloadDir)).toAbsolutePath().normalize();
    }

    public NodeConfig withTransfer(TransferSettings next) {
        return new NodeConfig(listen, bootstrap, maxConnections, downloadDir, next, announceDifficulty,
                announceMaxAgeDays, syncIntervalSeconds);
    }

    public NodeConfig withAnnounceDifficulty(int bits) {
        return new NodeConfig(listen, bootstrap, maxConnections, downloadDir, transfer, bits, announceMaxAgeDays,
                syncIntervalSeconds);
    }

    public NodeConfig withSyncInterval(int seconds) {
        return new NodeConfig(listen, bootstrap, maxConnections, downloadDir, transfer, announceDifficulty,
                announceMaxAgeDays, seconds);
    }

    public static NodeConfig load(Path file) throws IOException {
        if (!Files.exists(file)) return defaults();
        try {
            return JSON.readValue(file.toFile(), NodeConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes atomically (temp file, then rename) so a crash never leaves a half-written config. */
    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
