package io.grapevine.node.share;

import io.grapevine.node.content.Chunker;
import io.grapevine.node.content.ContentFile;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.storage.ChunkFiles;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.storage.PinStore;
import io.grapevine.node.storage.ShareStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares files and folders: chunks them (the chunks stay in the user's files, indexed by the chunk store; a paid
 * share's ciphertext goes into the store itself), stores the manifest, pins the content (so garbage collection keeps it) and records the share with its description.
 * Listeners hear of each share after it is stored (the announcements feature announces it).
 */
public final class ShareService {
    private static final Logger LOG = LoggerFactory.getLogger(ShareService.class);

    private final ChunkStore chunks;
    private final ManifestStore manifests;
    private final PinStore pins;
    private final ShareStore shares;
    private final List<Consumer<ShareRecord>> listeners = new CopyOnWriteArrayList<>();
    private final Map<ShareProgress, Boolean> inProgress = new java.util.concurrent.ConcurrentHashMap<>();
    /** Set by the market feature; without it a priced share is refused. */
    private volatile PaidSharing paidSharing;

    public ShareService(ChunkStore chunks, ManifestStore manifests, PinStore pins, ShareStore shares) {
        this.chunks = chunks;
        this.manifests = manifests;
        this.pins = pins;
        this.shares = shares;
    }

    public void paidSharing(PaidSharing sealer) {
        this.paidSharing = sealer;
    }

    public void addListener(Consumer<ShareRecord> listener) {
        listeners.add(listener);
    }

    /**
     * Shares {@code request.path()}. Throws {@link InvalidShareException} (field {@code path}) when it is missing,
     * unreadable, not a file or folder, or holds a name the network would refuse; {@link IOException} when reading
     * fails midway.
     */
    public ShareRecord share(ShareRequest request) throws IOException {
        var path = request.path();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidShareException("path", "no such file or folder: " + path);
        }
        if (!Files.isReadable(path)) {
            throw new InvalidShareException("path", "cannot read " + path);
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidShareException("path", "not a regular file or folder: " + path);
        }
        ShareProgress progress = new ShareProgress(path, sizeOf(path));
        inProgress.put(progress, Boolean.TRUE);
        try {
            return share(request, progress);
        } finally {
            inProgress.remove(progress);
        }
    }

    /** Shares being read and hashed right now. */
    public List<ShareProgress> inProgress() {
        return List.copyOf(inProgress.keySet());
    }

    /**
     * Bytes of the regular files under {@code path}, links not followed (as the chunker reads them); -1 when the walk
     * fails (the share itself then reports why).
     */
    private static long sizeOf(java.nio.file.Path path) {
        try (var files = Files.walk(path)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private ShareRecord share(ShareRequest request, ShareProgress progress) throws IOException {
        var path = request.path();
        EncodedManifest encoded;
        ContentManifest manifest;
        try {
            if (request.priceSats() != null && request.priceSats() > 0) {
                // Paid: only ciphertext is stored and served; the record lists the plaintext files.
                PaidSharing sealer = paidSharing;
                if (sealer == null) {
                    throw new InvalidShareException("priceSats", "this node has no market feature to sell shares");
                }
                PaidSharing.Sealed sealed = sealer.seal(path, request.priceSats(), request.payout());
                encoded = sealed.sealed();
                manifest = sealed.plain();
            } else {
                long started = System.currentTimeMillis();
                List<Cid> ids = new ArrayList<>();
                encoded = new Chunker().chunk(path, (index, id, data) -> {
                    ids.add(id);
                    progress.add(data.length);
                });
                manifest = ManifestCodec.resolve(encoded);
                keepInFiles(path, manifest, ids, started);
            }
        } catch (InvalidContentException e) {
            throw new InvalidShareException("path", "cannot share " + path + ": " + e.getMessage());
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InvalidShareException("path", "cannot read " + e.getFile());
        }
        // Chunk writes skip the WAL: make them durable before the share is recorded as held.
        chunks.sync();
        manifests.put(encoded);
        pins.pin(encoded.id());
        List<ShareRecord.SharedFile> files = new ArrayList<>();
        for (ContentFile f : manifest.files()) {
            files.add(new ShareRecord.SharedFile(f.path(), f.size(), f.mediaType()));
        }
        ShareRecord record = new ShareRecord(encoded.id(), request.title(), request.description(), request.tags(),
                files, manifest.totalSize(), request.priceSats(), request.payout(), Instant.now());
        shares.put(record.contentId(), ShareRecordCodec.encode(record));
        LOG.info("shared {} as {} ({} files, {} bytes)", path, record.contentId(), files.size(), record.totalSize());
        for (Consumer<ShareRecord> listener : listeners) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                LOG.warn("share listener failed for {}", record.contentId(), e);
            }
        }
        return record;
    }

    /**
     * The chunks of a plain share stay in the user's files (nothing is copied): the store records the files with
     * their size and modification time, and indexes each chunk at its offset. A file modified while it was read is
     * refused (its chunks could mix old and new bytes).
     */
    private void keepInFiles(java.nio.file.Path path, ContentManifest manifest, List<Cid> ids, long started)
            throws IOException {
        java.nio.file.Path base = path.toAbsolutePath().normalize().getParent();
        ChunkFiles files = ChunkFiles.complete(base, manifest.files());
        for (ChunkFiles.Entry f : files.files()) {
            if (f.modified() > started) {
                throw new InvalidShareException("path", f.path() + " changed while it was being shared; share it again");
            }
        }
        long key = ChunkStore.fileSetKey(manifest.id(), base);
        chunks.putFiles(key, files);
        for (int i = 0; i < ids.size(); i++) {
            chunks.putInFile(ids.get(i), key, manifest.chunkOffset(i), manifest.chunkLength(i));
        }
    }

    public Optional<ShareRecord> get(Cid contentId) {
        byte[] bytes = shares.get(contentId);
        return bytes == null ? Optional.empty() : Optional.of(ShareRecordCodec.decode(bytes));
    }

    /** Every share, newest first; damaged records are logged and skipped. */
    public List<ShareRecord> list() {
        List<ShareRecord> all = new ArrayList<>();
        for (Map.Entry<Cid, byte[]> e : shares.all().entrySet()) {
            try {
                all.add(ShareRecordCodec.decode(e.getValue()));
            } catch (RuntimeException bad) {
                LOG.warn("ignoring damaged share record {}: {}", e.getKey(), bad.getMessage());
            }
        }
        all.sort(Comparator.comparing(ShareRecord::sharedAt).reversed());
        return all;
    }
}
