package io.grapevine.node.p2p.host;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Known peers, bounded in count and per-peer size, persisted as JSON ({@code peers.json}) so a restarted node can
 * redial them. Saved atomically (temp file, fsync, rename) so a crash leaves the old or the new file, never half of one.
 * Thread-safe.
 */
public final class PeerStore {
    public static final String FILE_NAME = "peers.json";
    static final int MAX_ADDRESSES_PER_PEER = 16;
    static final int MAX_PROTOCOLS_PER_PEER = 64;
    static final int MAX_TEXT_LENGTH = 256;
    /** A store of the default bound is well under this; a larger file is corrupt or hostile. */
    static final long MAX_FILE_BYTES = 32L << 20;

    private static final Logger log = LoggerFactory.getLogger(PeerStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int maxPeers;
    private final Clock clock;
    private final Map<PeerId, PeerInfo> peers = new HashMap<>();
    private boolean dirty;

    private PeerStore(Path file, int maxPeers, Clock clock) {
        if (maxPeers < 1) {
            throw new IllegalArgumentException("maxPeers must be positive");
        }
        this.file = file;
        this.maxPeers = maxPeers;
        this.clock = clock;
    }

    /** A store that is never written to disk. */
    public static PeerStore inMemory(int maxPeers) {
        return new PeerStore(null, maxPeers, Clock.systemUTC());
    }

    /** Opens {@code file}, loading it if present; an unreadable file is logged and replaced on the next save. */
    public static PeerStore open(Path file, int maxPeers) {
        return open(file, maxPeers, Clock.systemUTC());
    }

    static PeerStore open(Path file, int maxPeers, Clock clock) {
        PeerStore store = new PeerStore(file, maxPeers, clock);
        store.load();
        return store;
    }

    /** Adds addresses (any /p2p/ suffix is dropped), keeping the newest when the per-peer bound is reached. */
    public synchronized void addAddresses(PeerId peer, Collection<Multiaddr> addresses) {
        PeerInfo old = peers.get(peer);
        LinkedHashSet<Multiaddr> merged = new LinkedHashSet<>();
        for (Multiaddr address : addresses) {
            merged.add(address.withoutPeerId());
        }
        if (old != null) {
            merged.addAll(old.addresses());
        }
        List<Multiaddr> bounded = new ArrayList<>(merged).subList(0, Math.min(merged.size(), MAX_ADDRESSES_PER_PEER));
        put(new PeerInfo(peer, bounded, old == null ? clock.instant() : old.lastSeen(),
                old == null ? List.of() : old.protocols(), old == null ? "" : old.agentVersion()));
    }

    /** Records what identify told us about the peer; replaces its protocol list and agent. */
    public synchronized void recordIdentify(
            PeerId peer, String agentVersion, Collection<String> protocols, Collection<Multiaddr> listenAddresses) {
        addAddresses(peer, listenAddresses);
        PeerInfo old = peers.get(peer);
        List<String> bounded = protocols.stream()
                .filter(p -> p.length() <= MAX_TEXT_LENGTH)
                .distinct()
                .limit(MAX_PROTOCOLS_PER_PEER)
                .toList();
        put(new PeerInfo(peer, old.addresses(), clock.instant(), bounded, truncate(agentVersion)));
    }

    /** Notes that we are connected to the peer now. */
    public synchronized void markSeen(PeerId peer) {
        PeerInfo old = peers.get(peer);
        if (old == null) {
            put(new PeerInfo(peer, List.of(), clock.instant(), List.of(), ""));
        } else {
            put(new PeerInfo(peer, old.addresses(), clock.instant(), old.protocols(), old.agentVersion()));
        }
    }

    public synchronized Optional<PeerInfo> get(PeerId peer) {
        return Optional.ofNullable(peers.get(peer));
    }

    /** All known peers, most recently seen first. */
    public synchronized List<PeerInfo> peers() {
        return peers.values().stream().sorted(Comparator.comparing(PeerInfo::lastSeen).reversed()).toList();
    }

    public synchronized int size() {
        return peers.size();
    }

    public synchronized void remove(PeerId peer) {
        if (peers.remove(peer) != null) {
            dirty = true;
        }
    }

    private void put(PeerInfo info) {
        peers.put(info.peerId(), info);
        dirty = true;
        if (peers.size() > maxPeers) {
            peers.values().stream()
                    .filter(p -> !p.peerId().equals(info.peerId()))
                    .min(Comparator.comparing(PeerInfo::lastSeen))
                    .ifPresent(stale -> peers.remove(stale.peerId()));
        }
    }

    /** Writes the store if it changed since the last save. */
    public void save() throws IOException {
        if (file == null) {
            return;
        }
        byte[] json;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toFile());
            dirty = false;
        }
        try {
            writeAtomically(file, json);
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            throw e;
        }
    }

    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        // Make the rename itself durable where the platform lets us open a directory.
        try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
            dirChannel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not supported on every OS (Windows); the file content is already on disk.
        }
    }

    private void load() {
        try {
            if (!Files.exists(file)) {
                return;
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                log.warn("ignoring peer store {}: larger than {} bytes", file, MAX_FILE_BYTES);
                return;
            }
            StoreFile stored = JSON.readValue(file.toFile(), StoreFile.class);
            if (stored.peers() == null) {
                return;
            }
            for (StoredPeer entry : stored.peers()) {
                try {
                    fromStored(entry).ifPresent(info -> peers.put(info.peerId(), info));
                } catch (RuntimeException e) {
                    log.warn("skipping unreadable peer {} in {}: {}", entry.id(), file, e.getMessage());
                }
            }
            // Apply the bound to files written with a larger one.
            while (peers.size() > maxPeers) {
                peers.values().stream().min(Comparator.comparing(PeerInfo::lastSeen))
                        .ifPresent(stale -> peers.remove(stale.peerId()));
            }
        } catch (IOException e) {
            log.warn("could not read peer store {}, starting empty: {}", file, e.getMessage());
        }
    }

    private Optional<PeerInfo> fromStored(StoredPeer entry) {
        if (entry.id() == null) {
            return Optional.empty();
        }
        PeerId peer = PeerId.parse(entry.id());
        List<Multiaddr> addresses = new ArrayList<>();
        for (String address : entry.addrs() == null ? List.<String>of() : entry.addrs()) {
            if (addresses.size() == MAX_ADDRESSES_PER_PEER) {
                break;
            }
            try {
                addresses.add(Multiaddr.parse(address));
            } catch (RuntimeException e) {
                log.debug("skipping bad address {} of {}", address, peer);
            }
        }
        List<String> protocols = entry.protocols() == null ? List.of() : entry.protocols().stream()
                .filter(p -> p != null && p.length() <= MAX_TEXT_LENGTH)
                .limit(MAX_PROTOCOLS_PER_PEER)
                .toList();
        return Optional.of(new PeerInfo(
                peer, addresses, Instant.ofEpochMilli(entry.lastSeen()), protocols, truncate(entry.agent())));
    }

    private StoreFile toFile() {
        List<StoredPeer> out = new ArrayList<>();
        for (PeerInfo info : peers()) {
            out.add(new StoredPeer(
                    info.peerId().toBase58(),
                    info.addresses().stream().map(Multiaddr::toString).toList(),
                    info.lastSeen().toEpochMilli(),
                    info.protocols(),
                    info.agentVersion()));
        }
        return new StoreFile(1, out);
    }

    private static String truncate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT_LENGTH ? text : text.substring(0, MAX_TEXT_LENGTH);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoreFile(int version, List<StoredPeer> peers) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredPeer(String id, List<String> addrs, long lastSeen, List<String> protocols, String agent) {}
}
