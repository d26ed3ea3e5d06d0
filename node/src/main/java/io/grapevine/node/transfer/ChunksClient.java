package io.grapevine.node.transfer;

import com.google.protobuf.ByteString;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.StorageException;
import io.grapevine.node.transfer.proto.ChunkStatus;
import io.grapevine.node.transfer.proto.ChunksRequest;
import io.grapevine.node.transfer.proto.ChunksResponse;
import io.grapevine.node.transfer.proto.ErrorCode;
import io.grapevine.node.transfer.proto.GetRequest;
import io.grapevine.node.transfer.proto.HaveRequest;
import io.grapevine.node.transfer.proto.HaveResponse;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The requesting side of {@code /grapevine/chunks/1} for one content on one stream to one peer. {@link #fetch} keeps
 * up to {@code window} chunks requested ahead so the link stays full, verifies every chunk against the manifest before
 * it is stored, and on a wrong, unrequested or truncated answer penalizes the peer, fails and closes the stream.
 * All state lives on the stream's event loop.
 */
public final class ChunksClient implements AutoCloseable {
    private sealed interface Expect permits HaveExpect, ChunkExpect {
    }

    private record HaveExpect(CompletableFuture<BitSet> future) implements Expect {
    }

    private record ChunkExpect(int index, Job job) implements Expect {
    }

    /** One {@link #fetch} call: its chunks not yet requested, how many are due, and what became of the others. */
    private static final class Job {
        final CompletableFuture<FetchResult> future;
        final Deque<Integer> toRequest;
        int due;
        final List<Integer> stored = new ArrayList<>();
        final List<Integer> missing = new ArrayList<>();

        Job(CompletableFuture<FetchResult> future, List<Integer> indexes) {
            this.future = future;
            this.toRequest = new ArrayDeque<>(indexes);
        }
    }

    private final PeerId peer;
    private final ContentManifest manifest;
    private final PeerPenalties penalties;
    private final int window;
    private final Duration stallTimeout;
    private final Executor verifier;
    private final ChunkLanding landing;
    private final ByteString contentId;
    private final Deque<Expect> expected = new ArrayDeque<>();
    private Channel channel;
    private Throwable failure;
    private ScheduledFuture<?> stallTimer;
    /** Fetches in progress, oldest first; their chunks are requested in this order. */
    private final Deque<Job> jobs = new ArrayDeque<>();
    private int outstanding;
    /** This client's part of the node-wide bound on chunks in flight; null when unbounded. */
    private InflightShare inflight;

    private ChunksClient(PeerId peer, ContentManifest manifest, PeerPenalties penalties, int window,
            Duration stallTimeout, Executor verifier, ChunkLanding landing) {
        if (window < 1 || window > ChunksProtocol.MAX_QUEUED) {
            throw new IllegalArgumentException("window must be 1.." + ChunksProtocol.MAX_QUEUED + ": " + window);
        }
        this.peer = peer;
        this.manifest = manifest;
        this.penalties = penalties;
        this.window = window;
        this.stallTimeout = stallTimeout;
        this.verifier = verifier;
        this.landing = landing;
        this.contentId = ByteString.copyFrom(manifest.id().toBytes());
    }

    /**
     * Opens a chunks stream to {@code peer} (dialling it if needed) for {@code manifest}'s content; received chunks
     * are verified and stored on {@code verifier}.
     */
    public static CompletableFuture<ChunksClient> open(Host host, PeerId peer, ContentManifest manifest,
            ChunkStore store, PeerPenalties penalties, int window, Duration stallTimeout, Executor verifier) {
        return open(host, peer, manifest, penalties, window, stallTimeout, verifier, null, null,
                (index, data) -> store.put(manifest.chunkId(index), data));
    }

    /**
     * As above, reading no faster than {@code downloadLimit} allows (null: unlimited), requesting only as many chunks
     * as {@code budget} (node-wide; null: unbounded) leaves room for, each received chunk verified and kept by
     * {@code landing}.
     */
    public static CompletableFuture<ChunksClient> open(Host host, PeerId peer, ContentManifest manifest,
            PeerPenalties penalties, int window, Duration stallTimeout, Executor verifier,
            RateLimiter downloadLimit, InflightBudget budget, ChunkLanding landing) {
        ChunksClient client = new ChunksClient(peer, manifest, penalties, window, stallTimeout, verifier, landing);
        return host.newStream(peer, List.of(ChunksProtocol.PROTOCOL_ID), stream -> {
            client.channel = stream.channel();
            if (budget != null) {
                client.inflight = new InflightShare(budget, stream.channel().eventLoop(), client::pump);
            }
            if (downloadLimit != null) {
                stream.channel().pipeline().addLast(new ReadPacer(downloadLimit, peer));
            }
            stream.channel().pipeline().addLast(new ChunksResponseDecoder(), client.new Handler());
        }).thenApply(stream -> client);
    }

    public PeerId peer() {
        return peer;
    }

    /** The peer's have-map for this content: bit i set when it holds chunk i. */
    public CompletableFuture<BitSet> have() {
        CompletableFuture<BitSet> future = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (failure != null) {
                future.completeExceptionally(failure);
                return;
            }
            expected.add(new HaveExpect(future));
            send(ChunksRequest.newBuilder().setHave(HaveRequest.newBuilder().setManifest(contentId)).build());
        });
        return future;
    }

    /**
     * Fetches these chunk indexes into the store. Several fetches may run at once: a later one's chunks are requested
     * after an earlier one's, so a caller that hands over its next batch before the last completes keeps the window
     * full across batches.
     */
    public CompletableFuture<FetchResult> fetch(List<Integer> indexes) {
        CompletableFuture<FetchResult> future = new CompletableFuture<>();
        for (int i : indexes) {
            if (i < 0 || i >= manifest.chunkCount()) {
                future.completeExceptionally(new IllegalArgumentException("chunk " + i + " of " + manifest.chunkCount()));
                return future;
            }
        }
        channel.eventLoop().execute(() -> {
            if (failure != null) {
                future.completeExceptionally(failure);
                return;
            }
            jobs.add(new Job(future, indexes));
            pump();
        });
        return future;
    }

    private void pump() {
        if (failure != null) {
            return;
        }
        int free = window - outstanding;
        int waiting = 0;
        for (Job j : jobs) {
            waiting += j.toRequest.size();
        }
        // Ask in batches of a quarter window or more, so requests stay few while the pipe stays full.
        while (waiting > 0 && free > 0 && (free >= Math.max(1, window / 4) || waiting <= free)) {
            int n = Math.min(Math.min(free, waiting), ChunksProtocol.MAX_GET_INDEXES);
            GetRequest.Builder get = GetRequest.newBuilder().setManifest(contentId);
            boolean budgetShort = false;
            for (Job j : jobs) {
                while (n > 0 && !j.toRequest.isEmpty() && !budgetShort) {
                    if (inflight != null && !inflight.reserve(manifest.chunkLength(j.toRequest.peek()))) {
                        budgetShort = true; // asked again when the budget grants this client its bytes
                        break;
                    }
                    int index = j.toRequest.poll();
                    get.addIndexes(index);
                    expected.add(new ChunkExpect(index, j));
                    j.due++;
                    outstanding++;
                    free--;
                    waiting--;
                    n--;
                }
            }
            if (get.getIndexesCount() > 0) {
                send(ChunksRequest.newBuilder().setGet(get).build());
            }
            if (budgetShort) {
                break;
            }
        }
        if (waiting == 0 && inflight != null) {
            inflight.returnCredit();
        }
        while (!jobs.isEmpty() && jobs.peek().due == 0 && jobs.peek().toRequest.isEmpty()) {
            Job done = jobs.poll();
            done.future.complete(new FetchResult(List.copyOf(done.stored), List.copyOf(done.missing)));
        }
    }

    private void send(ChunksRequest request) {
        channel.writeAndFlush(Frames.encode(channel.alloc(), request));
        armStallTimer();
    }

    private void armStallTimer() {
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
        if (!expected.isEmpty()) {
            stallTimer = channel.eventLoop().schedule(() -> fail(new TimeoutException("peer " + peer
                    + " sent nothing for " + stallTimeout + " with " + expected.size() + " responses due"), false),
                    stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void onChunk(ChunkData chunk) {
        // Peeked, and polled only once accepted: a failure must still find (and fail) the expectation it answered.
        Expect head = expected.peek();
        if (!(head instanceof ChunkExpect(int index, Job job)) || index != chunk.index()) {
            misbehaved("unrequested chunk " + chunk.index() + " (expected " + head + ")");
            return;
        }
        if (chunk.data().length != manifest.chunkLength(index)) {
            misbehaved("chunk " + index + " has " + chunk.data().length + " bytes, the manifest says "
                    + manifest.chunkLength(index));
            return;
        }
        expected.poll();
        // Hashing and the RocksDB write run off the event loop, which meanwhile decrypts the next chunks.
        armStallTimer();
        verifier.execute(() -> {
            Throwable error = null;
            try {
                landing.land(index, chunk.data());
            } catch (RuntimeException e) {
                error = e;
            } catch (java.io.IOException e) {
                error = new StorageException("writing chunk " + index + ": " + e.getMessage(), e);
            } finally {
                ChunkArrays.SHARED.give(chunk.data()); // landed or refused: the array is reused
            }
            Throwable outcome = error;
            channel.eventLoop().execute(() -> stored(job, index, outcome));
        });
    }

    private void stored(Job job, int index, Throwable error) {
        if (failure != null) {
            return;
        }
        if (error instanceof InvalidContentException) {
            misbehaved("bad chunk " + index + ": " + error.getMessage());
            return;
        }
        if (error != null) {
            fail(error, false);
            return;
        }
        job.stored.add(index);
        chunkDone(job, index);
    }

    private void chunkDone(Job job, int index) {
        job.due--;
        outstanding--;
        if (inflight != null) {
            inflight.release(manifest.chunkLength(index));
        }
        armStallTimer();
        pump();
    }

    private void onResponse(ChunksResponse response) {
        // Peeked, not polled: fail() completes every expectation still queued, this one included (a have() answered
        // BUSY was once polled here and then never completed, so its download waited forever, with no timer left).
        Expect head = expected.peek();
        if (head == null) {
            misbehaved("unsolicited " + response.getKindCase());
            return;
        }
        switch (response.getKindCase()) {
            case ERROR -> {
                ChunksRefusedException refused = new ChunksRefusedException(response.getError().getCode(),
                        response.getError().getMessage());
                if (response.getError().getCode() == ErrorCode.UNKNOWN_CONTENT && head instanceof HaveExpect h) {
                    expected.poll();
                    armStallTimer();
                    h.future().completeExceptionally(refused);
                } else {
                    fail(refused, false);
                }
            }
            case HAVE -> {
                if (!(head instanceof HaveExpect h)) {
                    misbehaved("have-map where chunk " + head + " was due");
                    return;
                }
                BitSet bits = haveMap(response.getHave());
                if (bits != null) {
                    expected.poll();
                    armStallTimer();
                    h.future().complete(bits);
                }
            }
            case CHUNK -> {
                if (response.getChunk().getStatus() != ChunkStatus.MISSING
                        || !(head instanceof ChunkExpect(int index, Job job))
                        || index != response.getChunk().getIndex()) {
                    misbehaved("unexpected chunk header " + response.getChunk().getIndex());
                    return;
                }
                expected.poll();
                job.missing.add(index);
                chunkDone(job, index);
            }
            default -> misbehaved("response without a kind");
        }
    }

    private BitSet haveMap(HaveResponse have) {
        int n = manifest.chunkCount();
        if (have.getChunkCount() != n || have.getBitfield().size() != (n + 7) / 8) {
            misbehaved("have-map for " + have.getChunkCount() + " chunks in " + have.getBitfield().size()
                    + " bytes; the content has " + n);
            return null;
        }
        byte[] bytes = have.getBitfield().toByteArray();
        BitSet bits = new BitSet(n);
        for (int i = 0; i < bytes.length * 8; i++) {
            if ((bytes[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                if (i >= n) {
                    misbehaved("have-map sets bits past the last chunk");
                    return null;
                }
                bits.set(i);
            }
        }
        return bits;
    }

    private void misbehaved(String reason) {
        penalties.penalize(peer, reason);
        fail(new BadPeerException(peer, reason), true);
    }

    private void fail(Throwable cause, boolean reset) {
        if (failure != null) {
            return;
        }
        failure = cause;
        if (stallTimer != null) {
            stallTimer.cancel(false);
        }
        for (Expect e : expected) {
            if (e instanceof HaveExpect h) {
                h.future().completeExceptionally(cause);
            }
        }
        expected.clear();
        for (Job j : jobs) {
            j.future.completeExceptionally(cause);
        }
        jobs.clear();
        if (inflight != null) {
            inflight.releaseAll();
        }
        channel.close();
    }

    /** Ends the stream; pending requests fail. */
    @Override
    public void close() {
        if (channel != null) {
            channel.eventLoop().execute(() -> fail(new IllegalStateException("chunks client closed"), false));
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (failure != null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof ChunkData chunk) {
                onChunk(chunk);
            } else if (msg instanceof ChunksResponse response) {
                onResponse(response);
            } else if (msg instanceof ManifestData) {
                misbehaved("unsolicited manifest");
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                inputEnded();
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inputEnded();
            ctx.fireChannelInactive();
        }

        private void inputEnded() {
            if (failure != null) {
                return;
            }
            if (!expected.isEmpty()) {
                misbehaved("stream ended with " + expected.size() + " responses due");
            } else {
                fail(new IllegalStateException("peer " + peer + " closed the chunks stream"), false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                misbehaved(cause.getMessage() == null ? cause.toString() : cause.getMessage());
            }
        }
    }
}
