package io.grapevine.node.transfer;

import java.io.IOException;

/**
 * Keeps a chunk a {@link ChunksClient} received, on the verifier thread, before the fetch that asked for it completes:
 * checks its bytes against its id and puts them where they will live (the chunk store, or a download's output file
 * indexed by the store). Throws {@link io.grapevine.node.content.InvalidContentException} when the bytes do not hash
 * to the id (the peer's fault); any other failure is a local storage error, never the peer's fault. {@code data} is
 * valid only during the call: its array is reused for a later chunk once {@code land} returns, so an implementation
 * copies what it keeps.
 */
@FunctionalInterface
public interface ChunkLanding {
    void land(int index, byte[] data) throws IOException;
}
