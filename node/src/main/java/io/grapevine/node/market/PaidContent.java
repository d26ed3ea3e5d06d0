package io.grapevine.node.market;

import io.grapevine.market.contentkey.ChunkCipher;
import io.grapevine.market.contentkey.ContentKey;
import io.grapevine.market.contentkey.ContentKeyException;
import io.grapevine.node.content.ContentAssembler;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.storage.ChunkStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a downloaded (verified) ciphertext share into its plaintext files: each chunk decrypted with the content key
 * (authenticated with its index), then written through {@link ContentAssembler}, which re-hashes every plaintext chunk
 * against the plaintext manifest the seller gave with the license and renames only complete files into place.
 */
public final class PaidContent {
    private PaidContent() {
    }

    public static List<Path> decrypt(ContentManifest sealed, HeldLicense held, ContentKey key, ChunkStore chunks,
                                     Path outDir) throws IOException {
        byte[] root = held.plainManifest();
        Cid plainId = ContentIds.manifestId(root);
        ContentManifest plain = ManifestCodec.resolve(plainId, ManifestCodec.decodeRoot(plainId, root), id -> null);
        if (sealed.totalSize() != plain.totalSize() + (long) plain.chunkCount() * ChunkCipher.TAG_BYTES) {
            throw new IOException("the sealed share's size does not match the plaintext manifest");
        }
        ChunkCipher cipher;
        try {
            cipher = ChunkCipher.forListing(key, held.contentKeyCommitment());
        } catch (ContentKeyException e) {
            throw new IOException(e.getMessage(), e);
        }
        SealedReader reader = new SealedReader(sealed, chunks);
        return ContentAssembler.write(plain, index -> {
            long offset = (long) index * (plain.chunkSize() + ChunkCipher.TAG_BYTES);
            byte[] unit = reader.read(offset, plain.chunkLength(index) + ChunkCipher.TAG_BYTES);
            try {
                return cipher.decrypt(index, unit);
            } catch (ContentKeyException e) {
                throw new IOException("chunk " + index + " does not decrypt: " + e.getMessage(), e);
            }
        }, outDir);
    }
}
