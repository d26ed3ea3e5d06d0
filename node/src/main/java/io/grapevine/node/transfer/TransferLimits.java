package io.grapevine.node.transfer;

/** The live transfer controls of a node: upload and download limiters and upload slots, updated together. */
public final class TransferLimits {
    private final RateLimiter upload;
    private final RateLimiter download;
    private final UploadSlots uploads;
    private volatile TransferSettings settings;

    public TransferLimits(TransferSettings settings) {
        TransferSettings.RateLimits r = settings.rateLimits();
        this.upload = new RateLimiter(r.uploadBytesPerSecond(), r.perPeerUploadBytesPerSecond());
        this.download = new RateLimiter(r.downloadBytesPerSecond(), r.perPeerDownloadBytesPerSecond());
        this.uploads = new UploadSlots(settings.maxUploads());
        this.settings = settings;
    }

    public static TransferLimits unlimited() {
        return new TransferLimits(TransferSettings.defaults());
    }

    public synchronized void apply(TransferSettings next) {
        TransferSettings.RateLimits r = next.rateLimits();
        upload.setRates(r.uploadBytesPerSecond(), r.perPeerUploadBytesPerSecond());
        download.setRates(r.downloadBytesPerSecond(), r.perPeerDownloadBytesPerSecond());
        uploads.setMax(next.maxUploads());
        settings = next;
    }

    public TransferSettings settings() {
        return settings;
    }

    public RateLimiter upload() {
        return upload;
    }

    public RateLimiter download() {
        return download;
    }

    public UploadSlots uploads() {
        return uploads;
    }
}
