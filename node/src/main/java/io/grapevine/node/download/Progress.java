package io.grapevine.node.download;

/**
 * A snapshot of a download: bytes verified and stored (of {@code totalBytes}), the rate over the last few seconds,
 * peers serving it now and peers banned for bad chunks.
 */
public record Progress(DownloadState state, long verifiedBytes, long totalBytes, int chunksVerified, int chunkCount,
        long bytesPerSecond, int peers, int bannedPeers, String error) {
}
