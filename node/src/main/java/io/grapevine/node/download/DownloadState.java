package io.grapevine.node.download;

/** Where a download stands. RUNNING and PAUSED are resumed (paused stays paused) when the manager restarts. */
public enum DownloadState {
    RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED
}
