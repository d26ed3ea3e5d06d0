package io.grapevine.blocklist.tally;

/** The outcome of offering a record to a list's tally; every refusal names its reason (for metrics). */
public enum Admission {
    ACCEPTED,
    /** The same record (same hash) is already held. */
    DUPLICATE,
    /** The record names another list. */
    WRONG_LIST,
    /** The vote's reason is not one of the list's categories. */
    UNKNOWN_CATEGORY,
    /** Open list: the stamp does not reach the list's difficulty. */
    BAD_STAMP,
    /** Members-only list: the voter (or inviting/revoking actor) is not a member at the record's time as far as
     *  known; the record is held in a bounded pending pool and re-tried when membership changes. */
    NOT_A_MEMBER,
    /** Membership record on an open list. */
    NOT_MEMBERS_ONLY,
    /** Time is later than now + the allowed clock skew. */
    FAR_FUTURE,
    /** Back-dated: time is at or before now - window, so it could never count. */
    OUTSIDE_WINDOW,
    /** Time is before the list was created. */
    BEFORE_LIST_CREATED,
    /** The voter already holds its cap of newer records; this one is older than all of them. */
    VOTER_CAP,
    /** The actor already issued its cap of membership records. */
    MEMBERSHIP_CAP;

    public boolean accepted() {
        return this == ACCEPTED;
    }
}
