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

    public ChunksService(ChunkStore chunks, ContentCatalog catalog, Executor storeExecutor) {
        this.chunks = chunks;
        this.catalog = catalog;
        this.storeExecutor = storeExecutor;
    }

    public void register(Host host) {
        host.setStreamHandler(ChunksProtocol.PROTOCOL_ID, stream -> stream.channel().pipeline()
                .addLast(new ChunksRequestDecoder(), new ChunksResponder(chunks, catalog, storeExecutor)));
    }
}
