package io.grapevine.blocklist.tally;

/**
 * Flood bounds. {@code maxClockSkewMillis}: how far in the future a record may be dated. {@code maxVotesPerVoter}:
 * records kept per voter per list (the newest by (time, hash) win, which keeps the kept set independent of arrival
 * order). {@code maxMembershipRecordsPerActor}: invitations and revocations one key may issue.
 * {@code maxPending}: records held while waiting for the membership record that makes them eligible.
 */
public record TallyLimits(long maxClockSkewMillis, int maxVotesPerVoter, int maxMembershipRecordsPerActor,
                          int maxPending) {
    public static final TallyLimits DEFAULT = new TallyLimits(10 * 60_000L, 10_000, 1_000, 10_000);

    public TallyLimits {
        if (maxClockSkewMillis < 0 || maxVotesPerVoter < 1 || maxMembershipRecordsPerActor < 1 || maxPending < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
