package io.grapevine.node.sync;

import java.util.List;

/**
 * A {@link SyncStore} whose ranges are answered by a {@link SortedSyncIndex} of its keys, kept by the subclass as
 * records come and go; the subclass owns the records themselves ({@link #get}, {@link #accept}).
 */
public abstract class IndexedSyncStore implements SyncStore {
    protected final SortedSyncIndex index = new SortedSyncIndex();

    public int size() {
        return index.size();
    }

    @Override
    public int count(SyncKey lower, SyncKey upper) {
        return index.count(lower, upper);
    }

    @Override
    public byte[] fingerprint(SyncKey lower, SyncKey upper) {
        return index.fingerprint(lower, upper);
    }

    @Override
    public List<SyncKey> keys(SyncKey lower, SyncKey upper, int offset, int limit) {
        return index.keys(lower, upper, offset, limit);
    }
}
