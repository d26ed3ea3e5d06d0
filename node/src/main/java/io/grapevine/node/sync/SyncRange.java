package io.grapevine.node.sync;

/**
 * One range of a reconciliation message, decoded: [previous upper, upper) with {@code upper == SyncKey.MAX} for the
 * open end; {@code fingerprint} for FINGERPRINT, {@code ids} (concatenated 32-byte ids) for IDS.
 */
record SyncRange(SyncKey upper, Mode mode, byte[] fingerprint, byte[] ids) {
    enum Mode { SKIP, FINGERPRINT, IDS }

    static SyncRange skip(SyncKey upper) {
        return new SyncRange(upper, Mode.SKIP, null, null);
    }

    static SyncRange fingerprint(SyncKey upper, byte[] fingerprint) {
        return new SyncRange(upper, Mode.FINGERPRINT, fingerprint, null);
    }

    static SyncRange ids(SyncKey upper, byte[] ids) {
        return new SyncRange(upper, Mode.IDS, null, ids);
    }

    int idCount() {
        return ids == null ? 0 : ids.length / SyncKey.ID_BYTES;
    }
}
