package io.grapevine.node.sync;

import java.util.List;

/**
 * One set of records of one kind that {@code /grapevine/sync/1} reconciles (announcements, one blocklist's votes).
 * Each record has a created-at time and a 32-byte id ({@link SyncKey}) and travels as its encoded bytes. Ranges are
 * half-open, [lower, upper), in key order. Adapters keep a {@link SortedSyncIndex} (or an equivalent) so counts and
 * fingerprints do not scan the records. Called from session threads, several at once; calls may block (disk).
 */
public interface SyncStore {
    /** How many records are in [lower, upper). */
    int count(SyncKey lower, SyncKey upper);

    /** The {@link Fingerprint} of the records in [lower, upper). */
    byte[] fingerprint(SyncKey lower, SyncKey upper);

    /** Up to {@code limit} keys of [lower, upper), in order, after skipping the first {@code offset}. */
    List<SyncKey> keys(SyncKey lower, SyncKey upper, int offset, int limit);

    /** The encoded record with this id, or null when it is not (or no longer) held. */
    byte[] get(byte[] id);

    /**
     * Validates a record received from a peer and stores it when valid: the adapter decodes it, checks it as it
     * would a gossiped one, and derives its key. {@link AcceptResult#INVALID} counts against the peer.
     */
    AcceptResult accept(byte[] record);

    /**
     * {@link #accept} for the records of one message, results in the same order. Stores whose checks are costly
     * (signatures) verify the batch in parallel here and store in order; the default takes them one by one.
     */
    default List<AcceptResult> acceptAll(List<byte[]> records) {
        return records.stream().map(this::accept).toList();
    }

    enum AcceptResult {
        /** Valid and new: stored. */
        STORED,
        /** Valid, already held. */
        KNOWN,
        /** Well-formed but not taken for a local reason (blocked, expired, over quota): not the peer's fault. */
        IGNORED,
        /** Malformed, forged or otherwise invalid: the peer should not have sent it. */
        INVALID
    }
}
