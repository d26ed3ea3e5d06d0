package io.grapevine.blocklist.membership;

import io.grapevine.blocklist.codec.Bytes;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.record.Key;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is a member when, computed from the set of membership records of one list. The records are replayed in
 * (time, record hash) order, so the result is a function of the set:
 * <ul>
 *   <li>the founder is a member from the list's creation on and can be neither invited nor revoked;</li>
 *   <li>INVITE takes effect when the actor is a member at that point and the subject is not: the subject is a
 *       member from the record's time, and the actor becomes its inviter;</li>
 *   <li>REVOKE takes effect when the subject is a member and the actor is a member and is the founder or the
 *       subject's inviter: membership ends at the record's time (exclusive);</li>
 *   <li>records before the list's creation, or that do not take effect, are ignored; a revoked key may be invited
 *       again; revocation does not cascade to the keys the revoked member invited.</li>
 * </ul>
 */
public final class Membership {
    private static final Comparator<MembershipRecord> ORDER = Comparator
            .comparingLong(MembershipRecord::timeMillis)
            .thenComparing(MembershipRecord::hash, Bytes::compare);

    private record Interval(long from, long to) {
    }

    private record Open(Key inviter, long since) {
    }

    private final ListDefinition list;
    private final Key founder;
    private final Map<Key, List<Interval>> intervals;

    private Membership(ListDefinition list, Map<Key, List<Interval>> intervals) {
        this.list = list;
        this.founder = Key.of(list.founderKey());
        this.intervals = intervals;
    }

    public static Membership compute(ListDefinition list, Collection<MembershipRecord> records) {
        Key founder = Key.of(list.founderKey());
        List<MembershipRecord> sorted = new ArrayList<>(records.size());
        for (MembershipRecord r : records) {
            if (r.listId().equals(list.id()) && r.timeMillis() >= list.createdAtMillis()) {
                sorted.add(r);
            }
        }
        sorted.sort(ORDER);
        Map<Key, Open> open = new HashMap<>();
        Map<Key, List<Interval>> closed = new HashMap<>();
        for (MembershipRecord r : sorted) {
            Key actor = Key.of(r.actorKey());
            Key subject = Key.of(r.subjectKey());
            boolean actorIsMember = actor.equals(founder) || open.containsKey(actor);
            if (subject.equals(founder) || !actorIsMember) {
                continue;
            }
            Open current = open.get(subject);
            if (r.action() == MembershipAction.INVITE && current == null) {
                open.put(subject, new Open(actor, r.timeMillis()));
            } else if (r.action() == MembershipAction.REVOKE && current != null
                    && (actor.equals(founder) || actor.equals(current.inviter()))) {
                open.remove(subject);
                closed.computeIfAbsent(subject, k -> new ArrayList<>())
                        .add(new Interval(current.since(), r.timeMillis()));
            }
        }
        open.forEach((k, o) -> closed.computeIfAbsent(k, x -> new ArrayList<>())
                .add(new Interval(o.since(), Long.MAX_VALUE)));
        return new Membership(list, closed);
    }

    public static Membership founderOnly(ListDefinition list) {
        return compute(list, List.of());
    }

    /** Member at {@code timeMillis}: the founder from creation on; others within [invited, revoked). */
    public boolean isMember(byte[] key, long timeMillis) {
        Key k = Key.of(key);
        if (k.equals(founder)) {
            return timeMillis >= list.createdAtMillis();
        }
        for (Interval i : intervals.getOrDefault(k, List.of())) {
            if (i.from() <= timeMillis && timeMillis < i.to()) {
                return true;
            }
        }
        return false;
    }

    /** Number of distinct keys that were ever members, founder included. */
    public int everMembers() {
        return intervals.size() + 1;
    }
}
