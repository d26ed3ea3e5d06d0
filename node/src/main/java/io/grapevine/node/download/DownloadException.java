package io.grapevine.node.download;

/** Why a download failed, in one line a user can act on ("disk full writing ...", "no usable provider left ..."). */
public final class DownloadException extends RuntimeException {
    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
