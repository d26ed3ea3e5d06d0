package io.grapevine.node.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grapevine.node.content.proto.ChunkList;
import io.grapevine.node.content.proto.ChunkListRef;
import io.grapevine.node.content.proto.FileEntry;
import io.grapevine.node.content.proto.Manifest;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multihash;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
    private static final int CS = 1 << 20;

    private static Manifest.Builder valid() {
        return Manifest.newBuilder().setVersion(1).setChunkSize(CS).setTotalSize(CS + 1)
                .addFiles(FileEntry.newBuilder().setPath("a/b.bin").setSize(CS + 1).setMediaType("video/mp4"))
                .setChunkDigests(ByteString.copyFrom(new byte[64]));
    }

    private static Manifest decode(Manifest.Builder m) {
        byte[] bytes = m.build().toByteArray();
        return ManifestCodec.decodeRoot(ContentIds.manifestId(bytes), bytes);
    }

    private static void assertRefused(UnaryOperator<Manifest.Builder> edit, String reason) {
        assertThatThrownBy(() -> decode(edit.apply(valid()))).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void encodeDecodeRoundTrip() {
        byte[] digests = new byte[64];
        digests[40] = 7;
        EncodedManifest e = ManifestCodec.encode(CS, List.of(new ContentFile("x.txt", CS + 1, "text/plain", 0)),
                digests);
        assertThat(ContentIds.isManifestId(e.id())).isTrue();
        assertThat(e.id().codec()).isEqualTo(ContentIds.MANIFEST_CODEC);
        ContentManifest m = ManifestCodec.resolve(e);
        assertThat(m.id()).isEqualTo(e.id());
        assertThat(m.chunkCount()).isEqualTo(2);
        assertThat(m.chunkDigest(1)[8]).isEqualTo((byte) 7);
        assertThat(m.chunkLength(1)).isEqualTo(1);
        assertThat(Cid.parse(e.id().toString())).isEqualTo(e.id());
        assertThat(decode(valid()).getFilesCount()).isEqualTo(1);
    }

    @Test
    void refusesBytesThatDoNotHashToTheId() {
        byte[] bytes = valid().build().toByteArray();
        Cid other = ContentIds.manifestId(new byte[] {1});
        assertThatThrownBy(() -> ManifestCodec.decodeRoot(other, bytes)).hasMessageContaining("do not hash");
        Cid raw = Cid.v1(Cid.RAW, Multihash.sha256(bytes));
        assertThatThrownBy(() -> ManifestCodec.decodeRoot(raw, bytes)).hasMessageContaining("not a manifest id");
    }

    @Test
    void refusesOversizedAndMalformedMessagesBeforeParsing() {
        byte[] huge = new byte[ManifestLimits.MAX_MANIFEST_BYTES + 1];
        assertThatThrownBy(() -> ManifestCodec.decodeRoot(ContentIds.manifestId(huge), huge))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("exceeds");
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> ManifestCodec.decodeRoot(ContentIds.manifestId(garbage), garbage))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("malformed manifest");
    }

    @Test
    void refusesInconsistentLayouts() {
        assertRefused(m -> m.setVersion(2), "unsupported manifest version 2");
        assertRefused(m -> m.setChunkSize(1000), "chunk size 1000");
        assertRefused(m -> m.setChunkSize(8 << 20), "chunk size");
        assertRefused(m -> m.setTotalSize(5), "not the sum of the files");
        assertRefused(m -> m.addFiles(FileEntry.newBuilder().setPath("a/b.bin").setMediaType("x/y")), "duplicate file");
        assertRefused(m -> m.addFiles(FileEntry.newBuilder().setPath("a").setMediaType("x/y")),
                "both a file and a folder");
        assertRefused(m -> m.setFiles(0, m.getFiles(0).toBuilder().setPath("../../.bashrc")), "'..' component");
        assertRefused(m -> m.setFiles(0, m.getFiles(0).toBuilder().setPath("/etc/passwd")), "absolute path");
        assertRefused(m -> m.setFiles(0, m.getFiles(0).toBuilder().setPath("AUX")), "device name AUX");
        assertRefused(m -> m.setFiles(0, m.getFiles(0).toBuilder().setMediaType("bad type")), "bad media type");
        assertRefused(m -> m.setFiles(0, m.getFiles(0).toBuilder().setSize(-1)), "size out of range");
        assertRefused(m -> m.setChunkDigests(ByteString.copyFrom(new byte[32])), "bytes of digests for 2 chunks");
        assertRefused(m -> m.addFiles(FileEntry.newBuilder().setPath("z").setSize(Long.MAX_VALUE).setMediaType("x/y")),
                "overflow");
    }

    @Test
    void refusesTooManyFilesAndChunks() {
        assertRefused(m -> {
            for (int i = 0; i < ManifestLimits.MAX_FILES; i++) {
                m.addFiles(FileEntry.newBuilder().setPath("f" + i).setMediaType("x/y"));
            }
            return m;
        }, "files exceed");
        long tooBig = (long) (ManifestLimits.MAX_CHUNKS + 1) * CS;
        assertRefused(m -> m.setFiles(0, m.getFiles(0).toBuilder().setSize(tooBig)).setTotalSize(tooBig),
                "chunks exceed");
    }

    @Test
    void refusesBadChunkListReferences() {
        long size = (long) ManifestLimits.CHUNKS_PER_LIST * CS + 1;
        UnaryOperator<Manifest.Builder> big = m -> m.clearChunkDigests().setTotalSize(size)
                .setFiles(0, m.getFiles(0).toBuilder().setSize(size));
        byte[] list = ChunkList.newBuilder().setChunkDigests(ByteString.copyFrom(new byte[32])).build().toByteArray();
        ByteString listId = ByteString.copyFrom(ContentIds.chunkListId(list).toBytes());
        assertRefused(m -> big.apply(m), "inline chunks exceed");
        assertRefused(m -> big.apply(m).addChunkLists(ChunkListRef.newBuilder().setCid(listId).setCount(1))
                .addChunkLists(ChunkListRef.newBuilder().setCid(listId).setCount(1)), "bad count 1");
        assertRefused(m -> big.apply(m)
                .addChunkLists(ChunkListRef.newBuilder().setCid(listId).setCount(ManifestLimits.CHUNKS_PER_LIST)),
                "the layout needs");
        assertRefused(m -> m.clearChunkDigests()
                .addChunkLists(ChunkListRef.newBuilder().setCid(ByteString.copyFrom(new byte[] {1, 2})).setCount(2)),
                "bad chunk list id");
        assertRefused(m -> m.addChunkLists(ChunkListRef.newBuilder().setCid(listId).setCount(2)), "both inline");
    }

    @Test
    void resolveChecksEachChunkListAgainstItsIdAndCount() {
        Manifest.Builder b = valid().clearChunkDigests();
        byte[] list = ChunkList.newBuilder().setChunkDigests(ByteString.copyFrom(new byte[64])).build().toByteArray();
        Cid listId = ContentIds.chunkListId(list);
        b.addChunkLists(ChunkListRef.newBuilder().setCid(ByteString.copyFrom(listId.toBytes())).setCount(2));
        byte[] root = b.build().toByteArray();
        Cid id = ContentIds.manifestId(root);
        Manifest m = ManifestCodec.decodeRoot(id, root);
        assertThat(ManifestCodec.resolve(id, m, c -> c.equals(listId) ? list : null).chunkCount()).isEqualTo(2);
        assertThatThrownBy(() -> ManifestCodec.resolve(id, m, c -> null)).hasMessageContaining("missing chunk list");
        assertThatThrownBy(() -> ManifestCodec.resolve(id, m, c -> new byte[] {10, 0}))
                .hasMessageContaining("do not hash");
        byte[] shortList = ChunkList.newBuilder().setChunkDigests(ByteString.copyFrom(new byte[32])).build()
                .toByteArray();
        Manifest.Builder lying = valid().clearChunkDigests().addChunkLists(ChunkListRef.newBuilder()
                .setCid(ByteString.copyFrom(ContentIds.chunkListId(shortList).toBytes())).setCount(2));
        byte[] lyingRoot = lying.build().toByteArray();
        Cid lyingId = ContentIds.manifestId(lyingRoot);
        Manifest lm = ManifestCodec.decodeRoot(lyingId, lyingRoot);
        assertThatThrownBy(() -> ManifestCodec.resolve(lyingId, lm, c -> shortList))
                .hasMessageContaining("does not hold 2 digests");
    }
}
