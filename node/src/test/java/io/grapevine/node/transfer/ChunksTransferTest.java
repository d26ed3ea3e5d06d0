package io.grapevine.node.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grapevine.node.content.Chunker;
import io.grapevine.node.content.ContentAssembler;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.transfer.proto.ChunkHeader;
import io.grapevine.node.transfer.proto.ChunkStatus;
import io.grapevine.node.transfer.proto.ChunksRequest;
import io.grapevine.node.transfer.proto.ChunksResponse;
import io.grapevine.node.transfer.proto.ErrorCode;
import io.grapevine.node.transfer.proto.GetRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChunksTransferTest {
    private static final int CS = 256 * 1024;
    private static final Duration STALL = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private final List<Host> hosts = new ArrayList<>();
    private final List<ContentDatabase> dbs = new ArrayList<>();
    private final PeerPenalties penalties = new PeerPenalties();
    private final java.util.concurrent.ExecutorService verifier = java.util.concurrent.Executors.newFixedThreadPool(2);
    private Host seeder;
    private Host leecher;
    private ChunkStore seederChunks;
    private ChunkStore leecherChunks;
    private Path file;
    private ContentManifest manifest;
    private ManifestStore seederManifests;

    @BeforeEach
    void setUp() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 12_345];
        new Random(42).nextBytes(data);
        file = Files.write(Files.createDirectories(tmp.resolve("src")).resolve("film.mkv"), data);
        ContentDatabase seederDb = db("seeder");
        seederChunks = new ChunkStore(seederDb);
        EncodedManifest encoded = new Chunker(CS).chunk(file, (i, id, d) -> seederChunks.put(id, d));
        seederManifests = new ManifestStore(seederDb);
        seederManifests.put(encoded);
        manifest = ManifestCodec.resolve(encoded);
        leecherChunks = new ChunkStore(db("leecher"));
        seeder = host();
        new ChunksService(seederChunks, new ContentCatalog(seederManifests), verifier).register(seeder);
        leecher = host();
        leecher.dial(seeder.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        hosts.forEach(Host::close);
        // No store write may be running when the databases close.
        verifier.shutdown();
        assertThat(verifier.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        dbs.forEach(ContentDatabase::close);
    }

    private ContentDatabase db(String name) throws Exception {
        ContentDatabase db = ContentDatabase.open(Files.createDirectories(tmp.resolve(name)));
        dbs.add(db);
        return db;
    }

    private Host host() throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
        hosts.add(host);
        host.start();
        return host;
    }

    private ChunksClient client(Host from, int window) throws Exception {
        return ChunksClient.open(leecher, from.peerId(), manifest, leecherChunks, penalties, window, STALL, verifier)
                .get(10, TimeUnit.SECONDS);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private List<Integer> all() {
        return IntStream.range(0, manifest.chunkCount()).boxed().toList();
    }

    @Test
    void aFileBackedSeederServesFromTheFileAndStopsOnceTheFileChanges() throws Exception {
        // A second seeder whose chunks live in the shared file itself: only the index is in its RocksDB.
        ChunkStore fileChunks = new ChunkStore(db("file-seeder"));
        long key = ChunkStore.fileSetKey(manifest.id(), file.getParent());
        fileChunks.putFiles(key, io.grapevine.node.storage.ChunkFiles.complete(file.getParent(), manifest.files()));
        for (int i = 0; i < manifest.chunkCount(); i++) {
            fileChunks.putInFile(manifest.chunkId(i), key, manifest.chunkOffset(i), manifest.chunkLength(i));
        }
        assertThat(fileChunks.totalBytes()).isZero();
        Host fileSeeder = host();
        new ChunksService(fileChunks, new ContentCatalog(seederManifests), verifier).register(fileSeeder);
        leecher.dial(fileSeeder.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);

        ChunksClient client = client(fileSeeder, 8);
        assertThat(get(client.have()).cardinality()).isEqualTo(manifest.chunkCount());
        assertThat(get(client.fetch(all())).stored()).hasSize(manifest.chunkCount());
        Path out = tmp.resolve("out");
        ContentAssembler.write(manifest, i -> leecherChunks.get(manifest.chunkId(i)), out);
        assertThat(out.resolve("film.mkv")).hasSameBinaryContentAs(file);
        client.close();

        // The user edits the shared file in place (same size): its chunks are no longer held, so never served.
        byte[] edited = Files.readAllBytes(file);
        edited[0] ^= 1;
        Files.write(file, edited);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        ChunkStore fresh = new ChunkStore(db("leecher-2"));
        ChunksClient again = ChunksClient.open(leecher, fileSeeder.peerId(), manifest, fresh, penalties, 8, STALL,
                verifier).get(10, TimeUnit.SECONDS);
        FetchResult result = get(again.fetch(List.of(0, 1)));
        assertThat(result.missing()).containsExactly(0, 1);
        assertThat(get(again.have()).cardinality()).isZero();
        assertThat(fileChunks.count()).isZero();
        assertThat(fresh.count()).isZero();
    }

    @Test
    void transfersAFileByteExactWithAPipelinedWindow() throws Exception {
        ChunksClient client = client(seeder, 8);
        BitSet have = get(client.have());
        assertThat(have.cardinality()).isEqualTo(manifest.chunkCount()).isEqualTo(21);
        FetchResult result = get(client.fetch(all()));
        // Chunks are verified on two threads, so they complete in any order.
        assertThat(result.stored()).containsExactlyInAnyOrderElementsOf(all());
        assertThat(result.missing()).isEmpty();
        Path out = tmp.resolve("out");
        ContentAssembler.write(manifest, i -> leecherChunks.get(manifest.chunkId(i)), out);
        assertThat(out.resolve("film.mkv")).hasSameBinaryContentAs(file);
        assertThat(leecherChunks.totalBytes()).isEqualTo(Files.size(file));
        assertThat(penalties.strikes(seeder.peerId())).isZero();
        // The same stream serves a second fetch.
        assertThat(get(client.fetch(List.of(3, 1))).stored()).containsExactlyInAnyOrder(3, 1);
        client.close();
    }

    @Test
    void haveMapAndMissingChunksReflectWhatTheSeederHolds() throws Exception {
        seederChunks.delete(manifest.chunkId(0));
        seederChunks.delete(manifest.chunkId(20));
        ChunksClient client = client(seeder, 4);
        BitSet have = get(client.have());
        assertThat(have.get(0)).isFalse();
        assertThat(have.get(20)).isFalse();
        assertThat(have.cardinality()).isEqualTo(19);
        FetchResult result = get(client.fetch(List.of(0, 1, 20, 2)));
        assertThat(result.stored()).containsExactlyInAnyOrder(1, 2);
        assertThat(result.missing()).containsExactly(0, 20);
        assertThat(penalties.strikes(seeder.peerId())).isZero();
    }

    @Test
    void unknownContentIsRefusedCheaply() throws Exception {
        Host empty = host();
        new ChunksService(new ChunkStore(db("empty")), new ContentCatalog(new ManifestStore(dbs.getLast())), verifier)
                .register(empty);
        leecher.dial(empty.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        ChunksClient client = client(empty, 4);
        assertThatThrownBy(() -> get(client.have())).cause().isInstanceOf(ChunksRefusedException.class)
                .satisfies(e -> assertThat(((ChunksRefusedException) e).code()).isEqualTo(ErrorCode.UNKNOWN_CONTENT));
        // The stream stays usable after an unknown-content answer to HAVE.
        assertThatThrownBy(() -> get(client.have())).cause().isInstanceOf(ChunksRefusedException.class);
        assertThatThrownBy(() -> get(client.fetch(List.of(0)))).cause().isInstanceOf(ChunksRefusedException.class);
        assertThat(penalties.strikes(empty.peerId())).isZero();
    }

    @Test
    void aHaveAnsweredBusyFailsAtOnceInsteadOfWaitingForever() throws Exception {
        // The downloader retries a BUSY peer later; it can only do so when the have() it asked fails.
        TransferLimits limits = TransferLimits.unlimited();
        limits.uploads().setMax(1);
        Host busy = host();
        new ChunksService(seederChunks, new ContentCatalog(seederManifests), verifier, limits).register(busy);
        leecher.dial(busy.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        ChunksClient first = client(busy, 4);
        assertThat(get(first.have()).cardinality()).isEqualTo(manifest.chunkCount());
        ChunksClient second = client(busy, 4);
        assertThatThrownBy(() -> second.have().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ChunksRefusedException.class)
                .satisfies(e -> assertThat(((ChunksRefusedException) e).code()).isEqualTo(ErrorCode.BUSY));
        assertThat(penalties.strikes(busy.peerId())).isZero();
        first.close();
        second.close();
    }

    @Test
    void aLyingResponderIsDetectedPenalizedAndNothingBadIsStored() throws Exception {
        Host liar = host();
        liar.setStreamHandler(ChunksProtocol.PROTOCOL_ID, stream -> stream.channel().pipeline().addLast(
                new ChunksRequestDecoder(), new SimpleChannelInboundHandler<ChunksRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ChunksRequest request) {
                        for (int index : request.getGet().getIndexesList()) {
                            byte[] junk = new byte[manifest.chunkLength(index)];
                            new Random(index).nextBytes(junk);
                            ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setChunk(ChunkHeader
                                    .newBuilder().setIndex(index).setStatus(ChunkStatus.OK).setLength(junk.length))
                                    .build()));
                            ctx.write(Unpooled.wrappedBuffer(junk));
                        }
                        ctx.flush();
                    }
                }));
        leecher.dial(liar.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        ChunksClient client = client(liar, 4);
        assertThatThrownBy(() -> get(client.fetch(List.of(5, 6)))).cause().isInstanceOf(BadPeerException.class)
                .hasMessageContaining("bad chunk 5");
        assertThat(penalties.strikes(liar.peerId())).isEqualTo(1);
        assertThat(leecherChunks.count()).isZero();
        assertThatThrownBy(() -> get(client.have())).cause().isInstanceOf(BadPeerException.class);
    }

    @Test
    void anUnrequestedChunkIsDetected() throws Exception {
        Host liar = host();
        liar.setStreamHandler(ChunksProtocol.PROTOCOL_ID, stream -> stream.channel().pipeline().addLast(
                new ChunksRequestDecoder(), new SimpleChannelInboundHandler<ChunksRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ChunksRequest request) {
                        byte[] real = seederChunks.get(manifest.chunkId(9));
                        ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setChunk(ChunkHeader
                                .newBuilder().setIndex(9).setStatus(ChunkStatus.OK).setLength(real.length)).build()));
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(real));
                    }
                }));
        leecher.dial(liar.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        ChunksClient client = client(liar, 4);
        assertThatThrownBy(() -> get(client.fetch(List.of(2)))).cause().isInstanceOf(BadPeerException.class)
                .hasMessageContaining("unrequested chunk 9");
        assertThat(penalties.strikes(liar.peerId())).isEqualTo(1);
    }

    @Test
    void aStallingResponderTimesOutWithoutAStrike() throws Exception {
        Host staller = host();
        staller.setStreamHandler(ChunksProtocol.PROTOCOL_ID, stream -> stream.channel().pipeline().addLast(
                new ChunksRequestDecoder(), new SimpleChannelInboundHandler<ChunksRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ChunksRequest request) {
                        // reads requests, never answers
                    }
                }));
        leecher.dial(staller.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        ChunksClient client = ChunksClient.open(leecher, staller.peerId(), manifest, leecherChunks, penalties, 4,
                Duration.ofMillis(500), verifier).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> get(client.fetch(List.of(0, 1)))).cause()
                .isInstanceOf(java.util.concurrent.TimeoutException.class).hasMessageContaining("responses due");
        assertThat(penalties.strikes(staller.peerId())).isZero();
    }

    @Test
    void aTruncatedChunkIsDetected() throws Exception {
        Host truncator = host();
        truncator.setStreamHandler(ChunksProtocol.PROTOCOL_ID, stream -> stream.channel().pipeline().addLast(
                new ChunksRequestDecoder(), new SimpleChannelInboundHandler<ChunksRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ChunksRequest request) {
                        byte[] real = seederChunks.get(manifest.chunkId(0));
                        ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setChunk(ChunkHeader
                                .newBuilder().setIndex(0).setStatus(ChunkStatus.OK).setLength(real.length)).build()));
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(real, 0, real.length / 2))
                                .addListener(f -> ctx.close());
                    }
                }));
        leecher.dial(truncator.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        ChunksClient client = client(truncator, 4);
        assertThatThrownBy(() -> get(client.fetch(List.of(0)))).cause().isInstanceOf(BadPeerException.class)
                .hasMessageContaining("stream ended with 1 responses due");
        assertThat(penalties.strikes(truncator.peerId())).isEqualTo(1);
        assertThat(leecherChunks.count()).isZero();
    }

    @Test
    void absurdRequestsAreRefusedAndTheStreamClosed() throws Exception {
        ByteString id = ByteString.copyFrom(manifest.id().toBytes());
        GetRequest.Builder tooMany = GetRequest.newBuilder().setManifest(id);
        IntStream.range(0, ChunksProtocol.MAX_GET_INDEXES + 1).forEach(i -> tooMany.addIndexes(0));
        assertRefused(frame(ChunksRequest.newBuilder().setGet(tooMany).build()), "65 indexes");
        assertRefused(frame(ChunksRequest.newBuilder().setGet(GetRequest.newBuilder().setManifest(id).addIndexes(21))
                .build()), "out of range");
        assertRefused(frame(ChunksRequest.newBuilder().setGet(GetRequest.newBuilder().setManifest(id)).build()),
                "0 indexes");
        assertRefused(frame(ChunksRequest.newBuilder().setGet(GetRequest.newBuilder()
                .setManifest(ByteString.copyFrom(new byte[] {1, 2, 3})).addIndexes(0)).build()), "bad content id");
        assertRefused(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04}, "exceeds 1024");
        assertRefused(new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff}, "malformed request");
        // Requests queued ahead beyond the bound: 5 GETs of 64 with nothing read on our side.
        byte[] one = frame(ChunksRequest.newBuilder().setGet(GetRequest.newBuilder().setManifest(id)
                .addAllIndexes(IntStream.range(0, 64).map(i -> i % 21).boxed().toList())).build());
        byte[] five = new byte[one.length * 5];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(one, 0, five, i * one.length, one.length);
        }
        assertRefused(five, "more than 256");
        assertThat(ContentIds.isManifestId(manifest.id())).isTrue();
    }

    @Test
    void fetchesAndVerifiesTheManifestByContentId() throws Exception {
        ManifestStore leecherManifests = new ManifestStore(dbs.get(1));
        ContentManifest fetched = get(ManifestFetcher.fetch(leecher, seeder.peerId(), manifest.id(), leecherManifests,
                penalties, STALL));
        assertThat(fetched.id()).isEqualTo(manifest.id());
        assertThat(fetched.files()).isEqualTo(manifest.files());
        assertThat(fetched.chunkId(20)).isEqualTo(manifest.chunkId(20));
        assertThat(leecherManifests.load(manifest.id()).chunkCount()).isEqualTo(21);
    }

    @Test
    void fetchesASplitManifestWithItsChunkLists() throws Exception {
        int chunks = 2 * io.grapevine.node.content.ManifestLimits.CHUNKS_PER_LIST + 3;
        byte[] digests = new byte[chunks * ContentIds.DIGEST_LENGTH];
        new Random(7).nextBytes(digests);
        int cs = io.grapevine.node.content.ManifestLimits.MIN_CHUNK_SIZE;
        EncodedManifest big = ManifestCodec.encode(cs, List.of(new io.grapevine.node.content.ContentFile("big.iso",
                (long) chunks * cs, "application/octet-stream", 0)), digests);
        assertThat(big.chunkLists()).hasSize(3);
        seederManifests.put(big);
        ContentManifest fetched = get(ManifestFetcher.fetch(leecher, seeder.peerId(), big.id(),
                new ManifestStore(dbs.get(1)), penalties, STALL));
        assertThat(fetched.chunkCount()).isEqualTo(chunks);
        assertThat(fetched.chunkDigest(chunks - 1))
                .isEqualTo(java.util.Arrays.copyOfRange(digests, digests.length - 32, digests.length));
    }

    @Test
    void unknownAndForgedManifestsAreRefused() throws Exception {
        ManifestStore leecherManifests = new ManifestStore(dbs.get(1));
        var unknown = ContentIds.manifestId(new byte[] {9});
        assertThatThrownBy(() -> get(ManifestFetcher.fetch(leecher, seeder.peerId(), unknown, leecherManifests,
                penalties, STALL))).cause().isInstanceOf(ChunksRefusedException.class);
        assertThat(penalties.strikes(seeder.peerId())).isZero();

        Host liar = host();
        liar.setStreamHandler(ChunksProtocol.PROTOCOL_ID, stream -> stream.channel().pipeline().addLast(
                new ChunksRequestDecoder(), new SimpleChannelInboundHandler<ChunksRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ChunksRequest request) {
                        byte[] forged = {8, 1, 16, 1};
                        ctx.write(Frames.encode(ctx.alloc(), ChunksResponse.newBuilder().setManifest(
                                io.grapevine.node.transfer.proto.ManifestHeader.newBuilder()
                                        .setCid(request.getManifest().getCid()).setLength(forged.length)).build()));
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(forged));
                    }
                }));
        leecher.dial(liar.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> get(ManifestFetcher.fetch(leecher, liar.peerId(), manifest.id(), leecherManifests,
                penalties, STALL))).cause().isInstanceOf(BadPeerException.class).hasMessageContaining("do not hash");
        assertThat(penalties.strikes(liar.peerId())).isEqualTo(1);
        assertThat(leecherManifests.has(manifest.id())).isFalse();
    }

    private static byte[] frame(ChunksRequest request) {
        var buf = Frames.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, request);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    /** Sends raw bytes on a fresh stream and expects a BAD_REQUEST error naming {@code reason}, then the end. */
    private void assertRefused(byte[] raw, String reason) throws Exception {
        List<ChunksResponse> errors = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Channel ch = leecher.newStream(seeder.peerId(), List.of(ChunksProtocol.PROTOCOL_ID), stream ->
                stream.channel().pipeline().addLast(new ChunksResponseDecoder(), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof ChunksResponse r && r.hasError()) {
                            errors.add(r);
                        }
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof ChannelInputShutdownEvent) {
                            ended.complete(null);
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        ended.complete(null);
                    }
                })).get(10, TimeUnit.SECONDS).channel();
        ch.writeAndFlush(Unpooled.wrappedBuffer(raw));
        // The responder ends its side after the error (our side of the stream stays open until we close it).
        ended.get(10, TimeUnit.SECONDS);
        ch.close();
        assertThat(errors.getFirst().getError().getCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(errors.getFirst().getError().getMessage()).contains(reason);
    }
}
