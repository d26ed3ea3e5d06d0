package io.grapevine.blocklist.tally;

import io.grapevine.blocklist.codec.Bytes;
import io.grapevine.blocklist.record.Key;
import io.grapevine.blocklist.vote.Vote;

import java.util.Comparator;

/** A vote with its hash computed once; ordered by time, then record hash, the same way on every node. */
record HeldVote(Vote vote, byte[] hash, Key voter) {
    static final Comparator<HeldVote> OLDEST_FIRST = Comparator.comparingLong((HeldVote h) -> h.vote.timeMillis())
            .thenComparing(HeldVote::hash, Bytes::compare);
    static final Comparator<HeldVote> NEWEST_FIRST = OLDEST_FIRST.reversed();

    static HeldVote of(Vote v) {
        return new HeldVote(v, v.hash(), Key.of(v.voterKey()));
    }

    long time() {
        return vote.timeMillis();
    }
}
