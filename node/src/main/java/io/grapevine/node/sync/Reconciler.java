package io.grapevine.node.sync;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One side's range-based set reconciliation over a {@link SyncStore}: answers the peer's ranges (matching
 * fingerprints are skipped, mismatching ones split or answered with our ids) and, for each range the peer listed by
 * ids, works out what to push and what to ask for. Not thread-safe: one session thread owns it.
 */
final class Reconciler {
    private final SyncStore store;
    private final SyncConfig config;
    private final ArrayDeque<byte[]> toSend = new ArrayDeque<>();
    private final Set<ByteBuffer> queued = new HashSet<>();
    private final ArrayDeque<byte[]> toRequest = new ArrayDeque<>();
    private final Set<ByteBuffer> requested = new HashSet<>();
    private int wantedByPeer;

    Reconciler(SyncStore store, SyncConfig config) {
        this.store = store;
        this.config = config;
    }

    /** The initiator's opening: the whole key space as one range. */
    List<SyncRange> initial() {
        return List.of(describe(SyncKey.MIN, SyncKey.MAX));
    }

    /** Our answer to the peer's ranges: empty when every range is settled. */
    List<SyncRange> respond(List<SyncRange> incoming) {
        List<SyncRange> out = new ArrayList<>();
        int idsOut = 0;
        SyncKey lower = SyncKey.MIN;
        for (SyncRange range : incoming) {
            if (out.size() + config.branching() + 1 > config.maxRangesOut()
                    || idsOut + 2 * config.idsThreshold() > config.maxIdsOut()) {
                // no room for this range's answer: the rest of the space goes back as one range, for a later round
                out.add(describe(lower, SyncKey.MAX));
                return out;
            }
            SyncKey upper = range.upper();
            switch (range.mode()) {
                case SKIP -> addSkip(out, upper);
                case FINGERPRINT -> {
                    if (Arrays.equals(store.fingerprint(lower, upper), range.fingerprint())) {
                        addSkip(out, upper);
                    } else {
                        int count = store.count(lower, upper);
                        if (count <= config.idsThreshold()) {
                            SyncRange ids = idsOf(lower, upper, count);
                            idsOut += ids.idCount();
                            out.add(ids);
                        } else {
                            split(lower, upper, count, out);
                        }
                    }
                }
                case IDS -> {
                    settle(lower, upper, range.ids());
                    addSkip(out, upper);
                }
            }
            lower = upper;
        }
        return out.stream().allMatch(r -> r.mode() == SyncRange.Mode.SKIP) ? List.of() : out;
    }

    /** A range as we first show it: our ids when few, else its fingerprint. */
    private SyncRange describe(SyncKey lower, SyncKey upper) {
        int count = store.count(lower, upper);
        return count <= config.idsThreshold() ? idsOf(lower, upper, count)
                : SyncRange.fingerprint(upper, store.fingerprint(lower, upper));
    }

    private SyncRange idsOf(SyncKey lower, SyncKey upper, int count) {
        List<SyncKey> keys = store.keys(lower, upper, 0, Math.min(count, config.idsThreshold()));
        byte[] ids = new byte[keys.size() * SyncKey.ID_BYTES];
        for (int i = 0; i < keys.size(); i++) {
            keys.get(i).writeId(ids, i * SyncKey.ID_BYTES);
        }
        return SyncRange.ids(upper, ids);
    }

    /** Splits [lower, upper) into up to {@code branching} ranges of about equal count, each with its fingerprint. */
    private void split(SyncKey lower, SyncKey upper, int count, List<SyncRange> out) {
        int parts = config.branching();
        SyncKey from = lower;
        for (int i = 1; i <= parts; i++) {
            SyncKey to = upper;
            if (i < parts) {
                List<SyncKey> pair = store.keys(lower, upper, (int) ((long) i * count / parts) - 1, 2);
                if (pair.size() < 2) {
                    continue; // the range shrank meanwhile: fewer parts
                }
                to = SyncKey.separator(pair.get(0), pair.get(1));
                if (to.compareTo(from) <= 0) {
                    continue;
                }
            }
            // an empty sub-range is settled by an empty id list, cheaper than a fingerprint
            out.add(store.count(from, to) == 0 ? SyncRange.ids(to, new byte[0])
                    : SyncRange.fingerprint(to, store.fingerprint(from, to)));
            from = to;
        }
    }

    /** The peer listed all its ids in [lower, upper): push what it lacks, ask for what we lack. */
    private void settle(SyncKey lower, SyncKey upper, byte[] theirIds) {
        Set<ByteBuffer> theirs = new HashSet<>();
        for (int i = 0; i < theirIds.length; i += SyncKey.ID_BYTES) {
            theirs.add(ByteBuffer.wrap(theirIds, i, SyncKey.ID_BYTES).slice());
        }
        Set<ByteBuffer> ours = new HashSet<>();
        for (SyncKey key : store.keys(lower, upper, 0, Integer.MAX_VALUE)) {
            ByteBuffer id = ByteBuffer.wrap(key.id());
            ours.add(id);
            if (!theirs.contains(id)) {
                queueSend(id.array());
            }
        }
        for (ByteBuffer id : theirs) {
            if (!ours.contains(id) && requested.size() < config.maxWantedPerSession()) {
                byte[] bytes = new byte[SyncKey.ID_BYTES];
                id.duplicate().get(bytes);
                if (requested.add(ByteBuffer.wrap(bytes)) && store.get(bytes) == null) {
                    toRequest.add(bytes);
                }
            }
        }
    }

    /**
     * Queues a record the peer asked for; false when the peer has asked for more than {@code maxWantedPerSession}
     * (what we ask for is bounded the same way, so an honest peer never does), which bounds the queue.
     */
    boolean queueWanted(byte[] id) {
        if (++wantedByPeer > config.maxWantedPerSession()) {
            return false;
        }
        queueSend(id);
        return true;
    }

    /** Queues a record for the peer, once per session. */
    private void queueSend(byte[] id) {
        if (queued.add(ByteBuffer.wrap(id))) {
            toSend.add(id);
        }
    }

    /** The next ids to send records for, removed from the queue by the caller as it sends. */
    ArrayDeque<byte[]> toSend() {
        return toSend;
    }

    /** Up to {@code max} ids to ask the peer for, each asked once. */
    List<byte[]> nextWants(int max) {
        List<byte[]> out = new ArrayList<>(Math.min(max, toRequest.size()));
        while (out.size() < max && !toRequest.isEmpty()) {
            out.add(toRequest.poll());
        }
        return out;
    }

    boolean hasWants() {
        return !toRequest.isEmpty();
    }

    private static void addSkip(List<SyncRange> out, SyncKey upper) {
        if (!out.isEmpty() && out.getLast().mode() == SyncRange.Mode.SKIP) {
            out.set(out.size() - 1, SyncRange.skip(upper));
        } else {
            out.add(SyncRange.skip(upper));
        }
    }
}
