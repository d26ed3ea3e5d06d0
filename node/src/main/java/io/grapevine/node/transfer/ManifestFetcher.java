package io.grapevine.node.transfer;

import com.google.protobuf.ByteString;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.content.proto.Manifest;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.transfer.proto.ChunksRequest;
import io.grapevine.node.transfer.proto.ChunksResponse;
import io.grapevine.node.transfer.proto.ManifestRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a content's root manifest and its chunk lists from one peer over {@code /grapevine/chunks/1}, checks each
 * against its CID (and the root's rules) before storing it, and resolves the whole share. A peer that answers with
 * other bytes is penalized; a peer that does not know the content refuses with UNKNOWN_CONTENT.
 */
public final class ManifestFetcher {
    private ManifestFetcher() {
    }

    public static CompletableFuture<ContentManifest> fetch(Host host, PeerId peer, Cid contentId,
            ManifestStore store, PeerPenalties penalties, Duration timeout) {
        if (!ContentIds.isManifestId(contentId)) {
            return CompletableFuture.failedFuture(new InvalidContentException("not a content id: " + contentId));
        }
        Fetch fetch = new Fetch(peer, contentId, store, penalties);
        host.newStream(peer, List.of(ChunksProtocol.PROTOCOL_ID), stream -> {
            fetch.channel = stream.channel();
            stream.channel().pipeline().addLast(new ChunksResponseDecoder(), fetch);
        }).whenComplete((stream, error) -> {
            if (error != null) {
                fetch.result.completeExceptionally(error);
                return;
            }
            Channel ch = stream.channel();
            ch.eventLoop().execute(() -> {
                ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> fetch.fail(new TimeoutException(
                        "manifest " + contentId + " not received from " + peer + " within " + timeout)),
                        timeout.toNanos(), TimeUnit.NANOSECONDS);
                fetch.result.whenComplete((m, e) -> {
                    timer.cancel(false);
                    ch.close();
                });
                fetch.request(contentId);
            });
        });
        return fetch.result;
    }

    private static final class Fetch extends ChannelInboundHandlerAdapter {
        final CompletableFuture<ContentManifest> result = new CompletableFuture<>();
        private final PeerId peer;
        private final Cid contentId;
        private final ManifestStore store;
        private final PeerPenalties penalties;
        private final Deque<Cid> expected = new ArrayDeque<>();
        private Manifest root;
        private Channel channel;

        Fetch(PeerId peer, Cid contentId, ManifestStore store, PeerPenalties penalties) {
            this.peer = peer;
            this.contentId = contentId;
            this.store = store;
            this.penalties = penalties;
        }

        void request(Cid id) {
            expected.add(id);
            channel.writeAndFlush(Frames.encode(channel.alloc(), ChunksRequest.newBuilder()
                    .setManifest(ManifestRequest.newBuilder().setCid(ByteString.copyFrom(id.toBytes()))).build()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (result.isDone()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof ChunksResponse r && r.hasError()) {
                fail(new ChunksRefusedException(r.getError().getCode(), r.getError().getMessage()));
            } else if (msg instanceof ManifestData data) {
                received(data);
            } else {
                ReferenceCountUtil.release(msg);
                misbehaved("unexpected response to a manifest request");
            }
        }

        private void received(ManifestData data) {
            Cid want = expected.poll();
            if (want == null || !Arrays.equals(want.toBytes(), data.cid())) {
                misbehaved("sent a manifest that was not asked for");
                return;
            }
            try {
                if (root == null) {
                    root = store.putRoot(contentId, data.data());
                    // All chunk lists at once: at most 16 small requests, answered in order.
                    ManifestCodec.chunkListIds(root).forEach(this::request);
                } else {
                    store.putChunkList(want, data.data());
                }
            } catch (InvalidContentException e) {
                misbehaved(e.getMessage());
                return;
            }
            if (expected.isEmpty()) {
                try {
                    result.complete(ManifestCodec.resolve(contentId, root, store::get));
                } catch (InvalidContentException e) {
                    fail(e);
                }
            }
        }

        private void misbehaved(String reason) {
            penalties.penalize(peer, reason);
            fail(new BadPeerException(peer, reason));
        }

        void fail(Throwable cause) {
            result.completeExceptionally(cause);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && !result.isDone()) {
                misbehaved("stream ended before the manifest was complete");
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!result.isDone()) {
                fail(new IllegalStateException("chunks stream to " + peer + " closed"));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!result.isDone()) {
                misbehaved(cause.getMessage() == null ? cause.toString() : cause.getMessage());
            }
        }
    }
}
