package io.grapevine.node.transfer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Transfer controls, kept in the node's config and changeable at runtime: rate limits in bytes per second (0 =
 * unlimited), the number of chunks streams served at once, and the chunk store quota in bytes (0 = none), above which
 * unpinned chunks are garbage collected.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferSettings(RateLimits rateLimits, int maxUploads, long quotaBytes) {
    public static final int DEFAULT_MAX_UPLOADS = 32;
    /** Below this a 1 MiB chunk takes too long for the downloader's stall timeout (20 s) once a few peers share it. */
    public static final long MIN_RATE = 256 * 1024;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RateLimits(long uploadBytesPerSecond, long downloadBytesPerSecond, long perPeerUploadBytesPerSecond,
            long perPeerDownloadBytesPerSecond) {
        public static final RateLimits UNLIMITED = new RateLimits(0, 0, 0, 0);

        public RateLimits {
            check("rateLimits.uploadBytesPerSecond", uploadBytesPerSecond);
            check("rateLimits.downloadBytesPerSecond", downloadBytesPerSecond);
            check("rateLimits.perPeerUploadBytesPerSecond", perPeerUploadBytesPerSecond);
            check("rateLimits.perPeerDownloadBytesPerSecond", perPeerDownloadBytesPerSecond);
        }

        private static void check(String field, long rate) {
            if (rate != 0 && (rate < MIN_RATE || rate > 1L << 40)) {
                throw new InvalidSettingException(field, field + " must be 0 (unlimited) or " + MIN_RATE + ".."
                        + (1L << 40) + " bytes per second: " + rate);
            }
        }
    }

    public TransferSettings {
        if (rateLimits == null) {
            rateLimits = RateLimits.UNLIMITED;
        }
        if (maxUploads < 1 || maxUploads > 10_000) {
            throw new InvalidSettingException("maxUploads", "maxUploads must be 1..10000: " + maxUploads);
        }
        if (quotaBytes < 0) {
            throw new InvalidSettingException("quotaBytes", "quotaBytes must be 0 (no quota) or positive: " + quotaBytes);
        }
    }

    public static TransferSettings defaults() {
        return new TransferSettings(RateLimits.UNLIMITED, DEFAULT_MAX_UPLOADS, 0);
    }

    /** A bad setting; {@code field} names it. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private final String field;

        public InvalidSettingException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
