package io.grapevine.node.storage;

import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.content.proto.Manifest;
import io.grapevine.node.multiformats.Cid;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** Root manifests and chunk lists by CID, each validated against its id before it is stored. */
public final class ManifestStore {
    private final ContentDatabase database;
    private final ColumnFamilyHandle manifests;

    public ManifestStore(ContentDatabase database) {
        this.database = database;
        this.manifests = database.family(ContentDatabase.MANIFESTS);
    }

    /** Stores a manifest this node built, root and chunk lists in one synced batch. */
    public void put(EncodedManifest encoded) {
        ManifestCodec.resolve(encoded);
        try (WriteBatch batch = new WriteBatch()) {
            for (EncodedManifest.Part part : encoded.chunkLists()) {
                batch.put(manifests, part.id().toBytes(), part.bytes());
            }
            batch.put(manifests, encoded.id().toBytes(), encoded.root());
            database.db().write(database.syncWrites(), batch);
        } catch (RocksDBException e) {
            throw new StorageException("storing manifest " + encoded.id() + ": " + e.getMessage(), e);
        }
    }

    /** Stores a root manifest received from a peer, after validating it. */
    public Manifest putRoot(Cid id, byte[] bytes) {
        Manifest root = ManifestCodec.decodeRoot(id, bytes);
        write(id, bytes);
        return root;
    }

    /** Stores a chunk list received from a peer, after checking it against its id. */
    public void putChunkList(Cid id, byte[] bytes) {
        ManifestCodec.decodeChunkList(id, bytes);
        write(id, bytes);
    }

    private void write(Cid id, byte[] bytes) {
        try {
            database.db().put(manifests, database.syncWrites(), id.toBytes(), bytes);
        } catch (RocksDBException e) {
            throw new StorageException("storing " + id + ": " + e.getMessage(), e);
        }
    }

    /** Raw bytes of a stored root or chunk list, or null. */
    public byte[] get(Cid id) {
        try {
            return database.db().get(manifests, id.toBytes());
        } catch (RocksDBException e) {
            throw new StorageException("reading " + id + ": " + e.getMessage(), e);
        }
    }

    public boolean has(Cid id) {
        return get(id) != null;
    }

    /** The whole share, or null when its root is not stored; throws when a chunk list is missing or corrupt. */
    public ContentManifest load(Cid id) {
        byte[] root = get(id);
        if (root == null) {
            return null;
        }
        return ManifestCodec.resolve(id, ManifestCodec.decodeRoot(id, root), this::get);
    }

    public void delete(Cid id) {
        try {
            byte[] root = get(id);
            if (root == null) {
                return;
            }
            try (WriteBatch batch = new WriteBatch()) {
                for (Cid list : ManifestCodec.chunkListIds(ManifestCodec.decodeRoot(id, root))) {
                    batch.delete(manifests, list.toBytes());
                }
                batch.delete(manifests, id.toBytes());
                database.db().write(database.syncWrites(), batch);
            }
        } catch (RocksDBException e) {
            throw new StorageException("deleting manifest " + id + ": " + e.getMessage(), e);
        }
    }
}
