package io.grapevine.node.transfer;

import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.storage.ChunkStore;
import java.util.concurrent.Executor;

/**
 * Registers the {@code /grapevine/chunks/1} responder on a host, serving from this node's stores; store reads run on
 * {@code storeExecutor}, which must be stopped before the database closes.
 */
public final class ChunksService {
    private final ChunkStore chunks;
    private final ContentCatalog catalog;
    private final Executor storeExecutor;
    private final TransferLimits limits;
    private volatile ChunkAccessPolicy access = ChunkAccessPolicy.OPEN;

    public ChunksService(ChunkStore chunks, ContentCatalog catalog, Executor storeExecutor) {
        this(chunks, catalog, storeExecutor, TransferLimits.unlimited());
    }

    /** Serves with upload limits: writes paced per {@code limits.upload()}, streams capped by {@code limits.uploads()}. */
    public ChunksService(ChunkStore chunks, ContentCatalog catalog, Executor storeExecutor, TransferLimits limits) {
        this.chunks = chunks;
        this.catalog = catalog;
        this.storeExecutor = storeExecutor;
        this.limits = limits;
    }

    /** Consulted for every have and get request with the peer the Noise handshake proved (the market's license gate). */
    public void accessPolicy(ChunkAccessPolicy policy) {
        this.access = policy;
    }

    public void register(Host host) {
        host.setStreamHandler(ChunksProtocol.PROTOCOL_ID, stream -> stream.channel().pipeline()
                .addLast(new WritePacer(limits.upload(), stream.remotePeer()), new ChunksRequestDecoder(),
                        new ChunksResponder(chunks, catalog, storeExecutor, limits.uploads(),
                                stream.remotePeer(), (peer, id) -> access.allows(peer, id))));
    }

    public void unregister(Host host) {
        host.removeStreamHandler(ChunksProtocol.PROTOCOL_ID);
    }
}
