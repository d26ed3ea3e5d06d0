package io.grapevine.node.api.content;

import io.grapevine.node.download.Download;
import io.grapevine.node.download.DownloadState;
import io.grapevine.node.download.Progress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A download as the API shows it: state, bytes and chunks verified, rate, peers, ETA, files when done, error. */
final class DownloadJson {
    private DownloadJson() {
    }

    static Map<String, Object> of(Download d) {
        Progress p = d.progress();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("contentId", d.contentId().toString());
        o.put("state", p.state().name().toLowerCase(Locale.ROOT));
        o.put("verifiedBytes", p.verifiedBytes());
        o.put("totalBytes", p.totalBytes() < 0 ? null : p.totalBytes());
        o.put("chunks", Map.of("verified", p.chunksVerified(), "total", Math.max(p.chunkCount(), 0)));
        o.put("rateBytesPerSecond", p.bytesPerSecond());
        o.put("peers", p.peers());
        o.put("bannedPeers", p.bannedPeers());
        long left = p.totalBytes() - p.verifiedBytes();
        o.put("etaSeconds", p.state() == DownloadState.RUNNING && p.totalBytes() >= 0 && p.bytesPerSecond() > 0
                ? (left + p.bytesPerSecond() - 1) / p.bytesPerSecond() : null);
        Map<String, Integer> byPeer = new TreeMap<>();
        d.chunksByPeer().forEach((peer, n) -> byPeer.put(peer.toString(), n));
        o.put("chunksByPeer", byPeer);
        o.put("outputDir", d.outputDir().toString());
        List<Path> files = d.state() == DownloadState.COMPLETED ? d.completion().getNow(null) : null;
        o.put("files", files == null ? null : files.stream().map(Path::toString).toList());
        o.put("error", p.state() == DownloadState.FAILED ? p.error() : null);
        return o;
    }

    static boolean finished(DownloadState state) {
        return state == DownloadState.COMPLETED || state == DownloadState.FAILED || state == DownloadState.CANCELLED;
    }
}
