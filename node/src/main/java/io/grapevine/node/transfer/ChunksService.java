package io.grapevine.node.transfer;

import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.storage.ChunkStore;

/** Registers the {@code /grapevine/chunks/1} responder on a host, serving from this node's stores. */
public final class ChunksService {
    private final ChunkStore chunks;
    private final ContentCatalog catalog;

    public ChunksService(ChunkStore chunks, ContentCatalog catalog) {
        this.chunks = chunks;
        this.catalog = catalog;
    }

    public void register(Host host) {
        host.setStreamHandler(ChunksProtocol.PROTOCOL_ID, stream -> stream.channel().pipeline()
                .addLast(new ChunksRequestDecoder(), new ChunksResponder(chunks, catalog)));
    }
}
