package io.grapevine.node.content;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grapevine.node.content.proto.ChunkList;
import io.grapevine.node.content.proto.ChunkListRef;
import io.grapevine.node.content.proto.FileEntry;
import io.grapevine.node.content.proto.Manifest;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.InvalidMultiformatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Encodes manifests and decodes them from untrusted bytes. A share with at most {@link ManifestLimits#CHUNKS_PER_LIST}
 * chunks keeps its digests inline; a larger one splits them into full ChunkLists (the last may be shorter), so no
 * single message exceeds a few MiB however large the share.
 */
public final class ManifestCodec {
    public static final int VERSION = 1;

    private ManifestCodec() {
    }

    /** {@code files} carry path, size and media type (offsets are recomputed); {@code digests} has 32 bytes a chunk. */
    public static EncodedManifest encode(int chunkSize, List<ContentFile> files, byte[] digests) {
        Manifest.Builder root = Manifest.newBuilder().setVersion(VERSION).setChunkSize(chunkSize);
        long total = 0;
        for (ContentFile f : files) {
            root.addFiles(FileEntry.newBuilder().setPath(f.path()).setSize(f.size()).setMediaType(f.mediaType()));
            total += f.size();
        }
        root.setTotalSize(total);
        int count = digests.length / ContentIds.DIGEST_LENGTH;
        List<EncodedManifest.Part> parts = new ArrayList<>();
        if (count <= ManifestLimits.CHUNKS_PER_LIST) {
            root.setChunkDigests(ByteString.copyFrom(digests));
        } else {
            for (int first = 0; first < count; first += ManifestLimits.CHUNKS_PER_LIST) {
                int n = Math.min(ManifestLimits.CHUNKS_PER_LIST, count - first);
                byte[] list = ChunkList.newBuilder().setChunkDigests(ByteString.copyFrom(digests,
                        first * ContentIds.DIGEST_LENGTH, n * ContentIds.DIGEST_LENGTH)).build().toByteArray();
                Cid listId = ContentIds.chunkListId(list);
                parts.add(new EncodedManifest.Part(listId, list));
                root.addChunkLists(ChunkListRef.newBuilder().setCid(ByteString.copyFrom(listId.toBytes())).setCount(n));
            }
        }
        byte[] rootBytes = root.build().toByteArray();
        // Re-check what we produce with the same rules a receiver applies, so a node never publishes what peers refuse.
        decodeRoot(ContentIds.manifestId(rootBytes), rootBytes);
        return new EncodedManifest(ContentIds.manifestId(rootBytes), rootBytes, List.copyOf(parts));
    }

    /**
     * Decodes and validates a root manifest received as {@code id}: hash, size, version, chunk size, file names,
     * sizes and chunk counts. Chunk lists it references are resolved later with {@link #resolve}.
     */
    public static Manifest decodeRoot(Cid id, byte[] bytes) {
        if (!ContentIds.isManifestId(id)) {
            throw new InvalidContentException("not a manifest id: " + id);
        }
        if (bytes.length > ManifestLimits.MAX_MANIFEST_BYTES) {
            throw new InvalidContentException("manifest of " + bytes.length + " bytes exceeds "
                    + ManifestLimits.MAX_MANIFEST_BYTES);
        }
        if (!ContentIds.matches(id, bytes)) {
            throw new InvalidContentException("manifest bytes do not hash to " + id);
        }
        Manifest m;
        try {
            m = Manifest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidContentException("malformed manifest: " + e.getMessage(), e);
        }
        validate(m);
        return m;
    }

    private static void validate(Manifest m) {
        if (m.getVersion() != VERSION) {
            throw new InvalidContentException("unsupported manifest version " + m.getVersion());
        }
        int cs = m.getChunkSize();
        if (cs < ManifestLimits.MIN_CHUNK_SIZE || cs > ManifestLimits.MAX_CHUNK_SIZE || Integer.bitCount(cs) != 1) {
            throw new InvalidContentException("chunk size " + Integer.toUnsignedString(cs)
                    + " is not a power of two in [" + ManifestLimits.MIN_CHUNK_SIZE + ", "
                    + ManifestLimits.MAX_CHUNK_SIZE + "]");
        }
        if (m.getFilesCount() > ManifestLimits.MAX_FILES) {
            throw new InvalidContentException(m.getFilesCount() + " files exceed " + ManifestLimits.MAX_FILES);
        }
        long total = 0;
        Set<String> paths = new HashSet<>();
        for (FileEntry f : m.getFilesList()) {
            FileNames.validate(f.getPath());
            if (!MediaTypes.isValid(f.getMediaType())) {
                throw new InvalidContentException("bad media type for " + f.getPath());
            }
            if (f.getSize() < 0) {
                throw new InvalidContentException("file size out of range for " + f.getPath());
            }
            try {
                total = Math.addExact(total, f.getSize());
            } catch (ArithmeticException e) {
                throw new InvalidContentException("file sizes overflow");
            }
            if (!paths.add(f.getPath())) {
                throw new InvalidContentException("duplicate file " + f.getPath());
            }
        }
        for (String p : paths) {
            for (int slash = p.indexOf('/'); slash >= 0; slash = p.indexOf('/', slash + 1)) {
                if (paths.contains(p.substring(0, slash))) {
                    throw new InvalidContentException(p.substring(0, slash) + " is both a file and a folder");
                }
            }
        }
        if (total != m.getTotalSize()) {
            throw new InvalidContentException("total size " + m.getTotalSize() + " is not the sum of the files " + total);
        }
        long chunks = (total + cs - 1) / cs;
        if (chunks > ManifestLimits.MAX_CHUNKS) {
            throw new InvalidContentException(chunks + " chunks exceed " + ManifestLimits.MAX_CHUNKS);
        }
        validateChunkRefs(m, (int) chunks);
    }

    private static void validateChunkRefs(Manifest m, int chunks) {
        if (m.getChunkListsCount() == 0) {
            if (chunks > ManifestLimits.CHUNKS_PER_LIST) {
                throw new InvalidContentException(chunks + " inline chunks exceed " + ManifestLimits.CHUNKS_PER_LIST);
            }
            if (m.getChunkDigests().size() != (long) chunks * ContentIds.DIGEST_LENGTH) {
                throw new InvalidContentException("manifest has " + m.getChunkDigests().size()
                        + " bytes of digests for " + chunks + " chunks");
            }
            return;
        }
        if (!m.getChunkDigests().isEmpty()) {
            throw new InvalidContentException("manifest has both inline digests and chunk lists");
        }
        long sum = 0;
        for (int i = 0; i < m.getChunkListsCount(); i++) {
            ChunkListRef ref = m.getChunkLists(i);
            boolean last = i == m.getChunkListsCount() - 1;
            int count = ref.getCount();
            if (count <= 0 || count > ManifestLimits.CHUNKS_PER_LIST
                    || (!last && count != ManifestLimits.CHUNKS_PER_LIST)) {
                throw new InvalidContentException("chunk list " + i + " has a bad count " + count);
            }
            chunkListId(ref);
            sum += count;
        }
        if (sum != chunks) {
            throw new InvalidContentException("chunk lists hold " + sum + " chunks, the layout needs " + chunks);
        }
    }

    static Cid chunkListId(ChunkListRef ref) {
        try {
            Cid id = Cid.fromBytes(ref.getCid().toByteArray());
            if (id.codec() != ContentIds.CHUNK_LIST_CODEC || id.version() != 1) {
                throw new InvalidContentException("chunk list reference is not a chunk list id: " + id);
            }
            return id;
        } catch (InvalidMultiformatException e) {
            throw new InvalidContentException("bad chunk list id: " + e.getMessage(), e);
        }
    }

    /** The ids of the chunk lists a validated root references, in order. */
    public static List<Cid> chunkListIds(Manifest root) {
        List<Cid> ids = new ArrayList<>(root.getChunkListsCount());
        for (ChunkListRef ref : root.getChunkListsList()) {
            ids.add(chunkListId(ref));
        }
        return ids;
    }

    /**
     * The whole share from a validated root and its chunk lists, fetched by {@code loader} (which returns null when
     * it lacks one). Each list is checked against its id and the count the root gave for it.
     */
    public static ContentManifest resolve(Cid id, Manifest root, Function<Cid, byte[]> loader) {
        int chunks = (int) ((root.getTotalSize() + root.getChunkSize() - 1) / root.getChunkSize());
        byte[] digests;
        if (root.getChunkListsCount() == 0) {
            digests = root.getChunkDigests().toByteArray();
        } else {
            digests = new byte[chunks * ContentIds.DIGEST_LENGTH];
            int at = 0;
            for (ChunkListRef ref : root.getChunkListsList()) {
                Cid listId = chunkListId(ref);
                byte[] bytes = loader.apply(listId);
                if (bytes == null) {
                    throw new InvalidContentException("missing chunk list " + listId);
                }
                ChunkList list = decodeChunkList(listId, bytes);
                if (list.getChunkDigests().size() != ref.getCount() * ContentIds.DIGEST_LENGTH) {
                    throw new InvalidContentException("chunk list " + listId + " does not hold " + ref.getCount()
                            + " digests");
                }
                list.getChunkDigests().copyTo(digests, at);
                at += list.getChunkDigests().size();
            }
        }
        List<ContentFile> files = new ArrayList<>(root.getFilesCount());
        long offset = 0;
        for (FileEntry f : root.getFilesList()) {
            files.add(new ContentFile(f.getPath(), f.getSize(), f.getMediaType(), offset));
            offset += f.getSize();
        }
        return new ContentManifest(id, root.getChunkSize(), root.getTotalSize(), files, digests);
    }

    public static ChunkList decodeChunkList(Cid id, byte[] bytes) {
        if (id.codec() != ContentIds.CHUNK_LIST_CODEC) {
            throw new InvalidContentException("not a chunk list id: " + id);
        }
        if (bytes.length > ManifestLimits.MAX_CHUNK_LIST_BYTES) {
            throw new InvalidContentException("chunk list of " + bytes.length + " bytes exceeds "
                    + ManifestLimits.MAX_CHUNK_LIST_BYTES);
        }
        if (!ContentIds.matches(id, bytes)) {
            throw new InvalidContentException("chunk list bytes do not hash to " + id);
        }
        try {
            return ChunkList.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidContentException("malformed chunk list: " + e.getMessage(), e);
        }
    }

    /** Encoded root plus lists, resolved at once: for content this node produced itself. */
    public static ContentManifest resolve(EncodedManifest encoded) {
        Manifest root = decodeRoot(encoded.id(), encoded.root());
        return resolve(encoded.id(), root, cid -> encoded.chunkLists().stream()
                .filter(p -> p.id().equals(cid)).map(EncodedManifest.Part::bytes).findFirst().orElse(null));
    }
}
