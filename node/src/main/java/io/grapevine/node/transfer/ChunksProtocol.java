package io.grapevine.node.transfer;

import io.grapevine.node.content.ManifestLimits;
import java.time.Duration;

/** Constants and limits of {@code /grapevine/chunks/1} (docs/protocols.md). */
public final class ChunksProtocol {
    public static final String PROTOCOL_ID = "/grapevine/chunks/1";
    /** A request frame: a content id and at most {@link #MAX_GET_INDEXES} varints fit in far less. */
    public static final int MAX_REQUEST_BYTES = 1024;
    public static final int MAX_GET_INDEXES = 64;
    /** A response message (without chunk bytes): the largest is a have-map of {@link ManifestLimits#MAX_CHUNKS} bits. */
    public static final int MAX_RESPONSE_BYTES = ManifestLimits.MAX_CHUNKS / 8 + 1024;
    public static final int MAX_CHUNK_BYTES = ManifestLimits.MAX_CHUNK_SIZE;
    /** Bytes after a ManifestHeader: a root manifest or a chunk list. */
    public static final int MAX_MANIFEST_BYTES = ManifestLimits.MAX_MANIFEST_BYTES;
    /** Requests (a HAVE counts one, a GET one per index) a responder queues per stream before refusing more. */
    public static final int MAX_QUEUED = 256;
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private ChunksProtocol() {
    }
}
