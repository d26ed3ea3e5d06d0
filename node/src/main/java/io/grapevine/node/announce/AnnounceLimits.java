package io.grapevine.node.announce;

/**
 * Bounds on announcement messages (docs/announce.md, "Limits"). The size is checked before parsing; the field limits
 * right after, before any signature or stamp work. Lengths of text are in UTF-16 code units.
 */
public final class AnnounceLimits {
    public static final int MAX_MESSAGE_BYTES = 16 * 1024;
    public static final int MAX_TITLE = 256;
    public static final int MAX_DESCRIPTION = 4096;
    public static final int MAX_TAGS = 32;
    public static final int MAX_TAG = 64;
    public static final int MAX_FILES_LISTED = 1000;
    public static final int MAX_PATH = 512;
    public static final int MAX_MEDIA_TYPE = 128;
    public static final int MAX_PAYOUT = 256;
    public static final int MAX_SIGNATURE = 1024;
    public static final int MAX_ADDRESSES = 8;
    public static final int MAX_ADDRESS_BYTES = 256;
    public static final int MAX_STAMP_DIFFICULTY = 64;
    /** 21 million bitcoin in satoshis: no price can be higher. */
    public static final long MAX_PRICE_SATS = 2_100_000_000_000_000L;

    private AnnounceLimits() {}
}
