package io.grapevine.node.content;

import io.grapevine.node.multiformats.Cid;
import java.io.IOException;

/** Receives each chunk the {@link Chunker} cuts, in order; {@code data} is the chunk's own array. */
@FunctionalInterface
public interface ChunkSink {
    void accept(int index, Cid id, byte[] data) throws IOException;
}
