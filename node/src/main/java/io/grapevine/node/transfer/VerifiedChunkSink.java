package io.grapevine.node.transfer;

import java.io.IOException;

/**
 * Receives each chunk a {@link ChunksClient} has verified and stored, on the verifier thread, before the fetch that
 * asked for it completes (a download writes it into its output file there). A failure fails the fetch as a local
 * storage error, never as the peer's fault.
 */
@FunctionalInterface
public interface VerifiedChunkSink {
    void accept(int index, byte[] data) throws IOException;
}
