package io.grapevine.node.sync;

import com.google.protobuf.ByteString;
import io.grapevine.node.sync.proto.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * Ranges to and from the wire. Bounds are sent as a time delta from the previous bound and the id's bytes without
 * trailing zeros; decoding checks every rule of docs/protocols.md (count, order, open end, sizes) before use.
 */
final class RangeCodec {
    private RangeCodec() {
    }

    static List<Range> encode(List<SyncRange> ranges) {
        List<Range> out = new ArrayList<>(ranges.size());
        long previousTime = 0;
        for (SyncRange r : ranges) {
            Range.Builder b = Range.newBuilder();
            if (r.upper().equals(SyncKey.MAX)) {
                b.setOpenEnd(true);
            } else {
                b.setUpperTimeDelta(r.upper().time() - previousTime);
                byte[] id = r.upper().id();
                int length = id.length;
                while (length > 0 && id[length - 1] == 0) {
                    length--;
                }
                if (length > 0) {
                    b.setUpperIdPrefix(ByteString.copyFrom(id, 0, length));
                }
                previousTime = r.upper().time();
            }
            switch (r.mode()) {
                case SKIP -> b.setMode(Range.Mode.SKIP);
                case FINGERPRINT -> b.setMode(Range.Mode.FINGERPRINT).setFingerprint(ByteString.copyFrom(r.fingerprint()));
                case IDS -> b.setMode(Range.Mode.IDS).setIds(ByteString.copyFrom(r.ids()));
            }
            out.add(b.build());
        }
        return out;
    }

    /** Decodes and checks a message's ranges; a broken rule is the peer's fault. */
    static List<SyncRange> decode(List<Range> ranges, SyncConfig config) throws SyncException {
        if (ranges.size() > config.maxRangesPerMessage()) {
            throw bad(ranges.size() + " ranges in one message (limit " + config.maxRangesPerMessage() + ")");
        }
        List<SyncRange> out = new ArrayList<>(ranges.size());
        SyncKey previous = SyncKey.MIN;
        long ids = 0;
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            boolean last = i == ranges.size() - 1;
            if (r.getOpenEnd() != last) {
                throw bad("only the last range, and always the last, has an open end");
            }
            SyncKey upper = SyncKey.MAX;
            if (!last) {
                long delta = r.getUpperTimeDelta();
                long time = previous.time() + delta;
                if (delta < 0 || time < previous.time() || time >= Long.MAX_VALUE) {
                    throw bad("range bound time out of range");
                }
                ByteString prefix = r.getUpperIdPrefix();
                if (prefix.size() > SyncKey.ID_BYTES) {
                    throw bad("range bound id longer than 32 bytes");
                }
                upper = SyncKey.fromPrefix(time, prefix.toByteArray(), 0, prefix.size());
                if (upper.compareTo(previous) <= 0) {
                    throw bad("range bounds not ascending");
                }
            }
            switch (r.getModeValue()) {
                case Range.Mode.SKIP_VALUE -> out.add(SyncRange.skip(upper));
                case Range.Mode.FINGERPRINT_VALUE -> {
                    if (r.getFingerprint().size() != Fingerprint.BYTES) {
                        throw bad("fingerprint of " + r.getFingerprint().size() + " bytes");
                    }
                    out.add(SyncRange.fingerprint(upper, r.getFingerprint().toByteArray()));
                }
                case Range.Mode.IDS_VALUE -> {
                    int size = r.getIds().size();
                    if (size % SyncKey.ID_BYTES != 0) {
                        throw bad("id list of " + size + " bytes is not a multiple of 32");
                    }
                    ids += size / SyncKey.ID_BYTES;
                    if (ids > config.maxIdsPerMessage()) {
                        throw bad("more than " + config.maxIdsPerMessage() + " ids in one message");
                    }
                    out.add(SyncRange.ids(upper, r.getIds().toByteArray()));
                }
                default -> throw bad("unknown range mode " + r.getModeValue());
            }
            previous = upper;
        }
        return out;
    }

    private static SyncException bad(String reason) {
        return new SyncException(reason, true);
    }
}
