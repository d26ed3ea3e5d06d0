package io.grapevine.node.blocklists;

import io.grapevine.blocklist.codec.MalformedRecordException;
import io.grapevine.blocklist.denylist.Denylist;
import io.grapevine.blocklist.denylist.DenylistFormatException;
import io.grapevine.blocklist.denylist.DenylistMatcher;
import io.grapevine.blocklist.denylist.DenylistParser;
import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.list.ListRules;
import io.grapevine.blocklist.list.VotingMode;
import io.grapevine.blocklist.membership.MembershipAction;
import io.grapevine.blocklist.membership.MembershipRecord;
import io.grapevine.blocklist.policy.Decision;
import io.grapevine.blocklist.policy.LocalOverride;
import io.grapevine.blocklist.policy.LocalPolicy;
import io.grapevine.blocklist.record.InvalidSignatureException;
import io.grapevine.blocklist.record.Key;
import io.grapevine.blocklist.record.SignatureVerifier;
import io.grapevine.blocklist.record.Verified;
import io.grapevine.blocklist.tally.Admission;
import io.grapevine.blocklist.tally.ListTally;
import io.grapevine.blocklist.tally.TallyLimits;
import io.grapevine.blocklist.tally.TargetCounts;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.blocklist.vote.VoteAction;
import io.grapevine.node.blocklists.proto.RecordKind;
import io.grapevine.node.storage.BlocklistStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's blocklists: known lists with their tallies, which ones are followed, local overrides and imported
 * denylists, persisted in RocksDB and rebuilt at start. Every record enters through {@link #offer} (signature checked,
 * then the tally's admission), whether it came from gossip, catch-up sync or this node's own signer. One lock guards
 * the tallies (they are single-writer); {@link BlockDecisions} answers lookups without it.
 */
public final class BlocklistService {
    private static final Logger log = LoggerFactory.getLogger(BlocklistService.class);
    public static final int MAX_DENYLIST_RULES = 1_000_000;

    /** Where a record came from: gossip is flood-limited per signer; local and sync records are not. */
    public enum Source { LOCAL, GOSSIP, SYNC }

    /** Follow changes, for the gossip layer's subscriptions. */
    public interface FollowListener {
        void followed(ListId id);

        void unfollowed(ListId id);
    }

    /** Hears each vote or membership record stored (for the catch-up sync index): its list, time and record hash. */
    public interface RecordListener {
        void stored(ListId list, long timeMillis, byte[] hash);
    }

    /** A known list: its verified definition as shared, its tally and the local rule if followed with one. */
    public record ListView(ListDefinition definition, SignedEnvelope signed, boolean followed,
                           Optional<BlockRule> localRule, int votes, int pending, SortedMap<Target, TargetCounts> counts) {
    }

    private record Known(Verified<ListDefinition> definition, SignedEnvelope signed, ListTally tally) {
    }

    private final BlocklistRepository repository;
    private final RecordSigner signer;
    private final SignatureVerifier verifier;
    private final Clock clock;
    private final TallyLimits limits;
    private final FloodLimiter flood;
    private final BlockDecisions decisions;
    private final RefusalCounts refusals = new RefusalCounts();
    private final Map<ListId, Known> lists = new TreeMap<>();
    private final Map<ListId, Optional<BlockRule>> followed = new TreeMap<>();
    private final LocalPolicy policy;
    private final Map<Target, LocalOverride> overrides = new LinkedHashMap<>();
    private final Map<String, DenylistMatcher> denylists = new TreeMap<>();
    private final List<FollowListener> followListeners = new CopyOnWriteArrayList<>();
    private final List<RecordListener> recordListeners = new CopyOnWriteArrayList<>();

    public BlocklistService(BlocklistStore store, RecordSigner signer, SignatureVerifier verifier,
                            Clock clock, TallyLimits limits, FloodLimiter.Limits floodLimits, BlockDecisions decisions) {
        this.repository = new BlocklistRepository(store);
        this.signer = signer;
        this.verifier = verifier;
        this.clock = clock;
        this.limits = limits;
        this.flood = new FloodLimiter(floodLimits);
        this.decisions = decisions;
        this.policy = new LocalPolicy(clock);
        decisions.attach(this);
    }

    public BlockDecisions decisions() {
        return decisions;
    }

    public RefusalCounts refusals() {
        return refusals;
    }

    public byte[] signerKey() {
        return signer.publicKey();
    }

    public void addRecordListener(RecordListener listener) {
        recordListeners.add(listener);
    }

    public void addFollowListener(FollowListener listener) {
        followListeners.add(listener);
    }

    /** Rebuilds lists, tallies, follows, overrides and denylists from the store. */
    public synchronized void load() {
        repository.forEachList(env -> {
            Offer o = addDefinition(env);
            if (!o.accepted() && o.refusal() != Refusal.DUPLICATE) {
                log.warn("stored list refused at load: {}", o);
            }
        });
        long now = clock.millis();
        int[] loaded = new int[2];
        for (Known k : lists.values()) {
            // Memberships first, so members' votes are not parked in the pending pool.
            List<SignedEnvelope> votes = new ArrayList<>();
            repository.forEachRecord(k.definition().record().id(), env -> {
                if (env.kind() == RecordKind.VOTE) {
                    votes.add(env);
                } else if (admit(env, Source.SYNC, null, now, false).accepted()) {
                    loaded[1]++;
                }
            });
            for (SignedEnvelope v : votes) {
                if (admit(v, Source.SYNC, null, now, false).accepted()) {
                    loaded[0]++;
                }
            }
        }
        repository.forEachFollow((id, rule) -> {
            Known k = lists.get(id);
            if (k != null) {
                followed.put(id, rule);
                policy.follow(k.tally(), rule);
            }
        });
        repository.forEachOverride((t, o) -> {
            overrides.put(t, o);
            applyOverride(t, o);
        });
        repository.forEachDenylist((name, text) -> {
            try {
                denylists.put(name, new DenylistMatcher(parse(text)));
            } catch (BlocklistException e) {
                log.warn("stored denylist {} no longer parses: {}", name, e.getMessage());
            }
        });
        log.info("blocklists loaded: {} lists ({} followed), {} votes, {} membership records, {} overrides, {} denylists",
                lists.size(), followed.size(), loaded[0], loaded[1], overrides.size(), denylists.size());
        recomputeAll(true);
    }

    /** Decodes and offers a record received from the network; {@code expectedList} is the gossip topic's list. */
    public Offer offer(byte[] encoded, Source source, ListId expectedList) {
        SignedEnvelope env;
        try {
            env = SignedEnvelope.decode(encoded);
        } catch (SignedEnvelope.MalformedEnvelopeException e) {
            refusals.count(Refusal.MALFORMED);
            return Offer.refused(Refusal.MALFORMED, e.getMessage());
        }
        return offer(env, source, expectedList);
    }

    public synchronized Offer offer(SignedEnvelope env, Source source, ListId expectedList) {
        Offer o = env.kind() == RecordKind.LIST ? addDefinition(env)
                : admit(env, source, expectedList, clock.millis(), true);
        if (!o.accepted()) {
            refusals.count(o.refusal());
        }
        return o;
    }

    private Offer addDefinition(SignedEnvelope env) {
        ListDefinition d;
        try {
            d = ListDefinition.decode(env.record());
        } catch (MalformedRecordException e) {
            return Offer.refused(Refusal.MALFORMED, e.getMessage());
        }
        if (lists.containsKey(d.id())) {
            return Offer.refused(Refusal.DUPLICATE, "list " + d.id() + " is known");
        }
        Verified<ListDefinition> verified;
        try {
            verified = Verified.check(d, env.signature(), verifier);
        } catch (InvalidSignatureException e) {
            return Offer.refused(Refusal.BAD_SIGNATURE, e.getMessage());
        }
        lists.put(d.id(), new Known(verified, env, new ListTally(verified, limits)));
        repository.putList(d.id(), env);
        return Offer.ACCEPTED;
    }

    private Offer admit(SignedEnvelope env, Source source, ListId expectedList, long now, boolean persist) {
        if (env.kind() == RecordKind.VOTE) {
            Vote v;
            try {
                v = Vote.decode(env.record());
            } catch (MalformedRecordException e) {
                return Offer.refused(Refusal.MALFORMED, e.getMessage());
            }
            Known k = lists.get(v.listId());
            Offer pre = precheck(k, v.listId(), expectedList);
            if (pre != null) {
                return pre;
            }
            Verified<Vote> verified;
            try {
                verified = Verified.check(v, env.signature(), verifier);
            } catch (InvalidSignatureException e) {
                return Offer.refused(Refusal.BAD_SIGNATURE, e.getMessage());
            }
            if (source == Source.GOSSIP && !flood.tryAcquire(Key.of(v.voterKey()), now)) {
                return Offer.refused(Refusal.FLOOD, "voter sends faster than " + "its allowance");
            }
            Admission a = k.tally().admitVote(verified, now);
            if (a == Admission.NOT_A_MEMBER && persist) {
                heldSignatures.put(Key.of(v.hash()), env);
            }
            if (!a.accepted()) {
                return Offer.refused(Refusal.of(a), v.toString());
            }
            if (persist) {
                repository.putRecord(v.listId(), v.hash(), env);
                stored(v.listId(), v.timeMillis(), v.hash());
                if (followed.containsKey(v.listId())) {
                    decisions.update(List.of(v.target()));
                }
            }
            return Offer.ACCEPTED;
        }
        MembershipRecord m;
        try {
            m = MembershipRecord.decode(env.record());
        } catch (MalformedRecordException e) {
            return Offer.refused(Refusal.MALFORMED, e.getMessage());
        }
        Known k = lists.get(m.listId());
        Offer pre = precheck(k, m.listId(), expectedList);
        if (pre != null) {
            return pre;
        }
        Verified<MembershipRecord> verified;
        try {
            verified = Verified.check(m, env.signature(), verifier);
        } catch (InvalidSignatureException e) {
            return Offer.refused(Refusal.BAD_SIGNATURE, e.getMessage());
        }
        if (source == Source.GOSSIP && !flood.tryAcquire(Key.of(m.actorKey()), now)) {
            return Offer.refused(Refusal.FLOOD, "actor sends faster than its allowance");
        }
        Admission a = k.tally().admitMembership(verified, now);
        if (!a.accepted()) {
            return Offer.refused(Refusal.of(a), "membership record");
        }
        if (persist) {
            repository.putRecord(m.listId(), m.hash(), env);
            stored(m.listId(), m.timeMillis(), m.hash());
            // Votes the invitation released from the pending pool are in the tally now; keep them too.
            if (m.action() == MembershipAction.INVITE) {
                persistVotesOf(k, m.subjectKey());
            }
            if (followed.containsKey(m.listId())) {
                recomputeAll(false);
            }
        }
        return Offer.ACCEPTED;
    }

    private void stored(ListId list, long time, byte[] hash) {
        recordListeners.forEach(l -> l.stored(list, time, hash));
    }

    /** A stored vote or membership record of {@code list} by its hash, encoded as it travels; null if not held. */
    public byte[] storedRecord(ListId list, byte[] hash) {
        return repository.getRecord(list, hash);
    }

    private Offer precheck(Known k, ListId recordList, ListId expectedList) {
        if (expectedList != null && !expectedList.equals(recordList)) {
            return Offer.refused(Refusal.WRONG_TOPIC, "record for list " + recordList + " on the topic of " + expectedList);
        }
        if (k == null) {
            return Offer.refused(Refusal.UNKNOWN_LIST, "no list " + recordList);
        }
        return null;
    }

    private void persistVotesOf(Known k, byte[] voter) {
        // The tally holds the records it parked without their envelopes; we keep those beside it, as bounded.
        for (Vote v : k.tally().votes()) {
            if (Arrays.equals(v.voterKey(), voter)) {
                heldSignatures.computeIfPresent(Key.of(v.hash()), (h, env) -> {
                    repository.putRecord(v.listId(), v.hash(), env);
                    stored(v.listId(), v.timeMillis(), v.hash());
                    return null;
                });
            }
        }
    }

    private final Map<Key, SignedEnvelope> heldSignatures = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SignedEnvelope> eldest) {
            return size() > limits.maxPending();
        }
    };

    // ---- this node's own records ----

    /** Creates a list founded by this node's signer key, and follows it. */
    public ListDefinition createList(String name, String description, ListRules rules) {
        ListDefinition d;
        try {
            d = new ListDefinition(signer.publicKey(), name, description, clock.millis(), rules);
        } catch (IllegalArgumentException e) {
            throw BlocklistException.badField(e.getMessage().startsWith("name") ? "name" : "description", e.getMessage());
        }
        synchronized (this) {
            Offer o = offer(signer.sign(RecordKind.LIST, d), Source.LOCAL, null);
            if (!o.accepted()) {
                throw BlocklistException.badField("name", "cannot create the list: " + o);
            }
            follow(d.id(), Optional.empty());
        }
        return d;
    }

    /** Adds a list shared as its signed definition (e.g. from {@code GET /blocklists/{id}} of another node). */
    public synchronized ListDefinition addList(byte[] encodedDefinition) {
        SignedEnvelope env;
        try {
            env = SignedEnvelope.decode(encodedDefinition);
        } catch (SignedEnvelope.MalformedEnvelopeException e) {
            throw BlocklistException.badField("definition", e.getMessage());
        }
        if (env.kind() != RecordKind.LIST) {
            throw BlocklistException.badField("definition", "not a list definition but a " + env.kind());
        }
        Offer o = offer(env, Source.LOCAL, null);
        if (!o.accepted() && o.refusal() != Refusal.DUPLICATE) {
            throw BlocklistException.badField("definition", "list refused: " + o);
        }
        return ListDefinition.decode(env.record());
    }

    /** Signs a vote (minting its stamp outside the lock) and admits it; returns it for publishing. */
    public SignedEnvelope vote(ListId id, Target target, VoteAction action, String reason) {
        ListDefinition d = definition(id);
        if (!d.rules().categories().contains(reason)) {
            throw BlocklistException.badField("reason", "not a category of this list; one of " + d.rules().categories());
        }
        int difficulty = d.rules().votingMode() == VotingMode.OPEN ? d.rules().stampDifficulty() : 0;
        Vote v = Vote.stamped(id, signer.publicKey(), target, action, reason, clock.millis(), difficulty);
        SignedEnvelope env = signer.sign(RecordKind.VOTE, v);
        Offer o = offer(env, Source.LOCAL, id);
        if (!o.accepted()) {
            throw BlocklistException.badField("id", "vote refused: " + o);
        }
        return env;
    }

    /** Signs an invitation of {@code member} to a members-only list by this node's key (which must be a member). */
    public SignedEnvelope invite(ListId id, byte[] member) {
        ListDefinition d = definition(id);
        if (d.rules().votingMode() != VotingMode.MEMBERS_ONLY) {
            throw BlocklistException.badField("id", "list " + id + " is open: it has no members to invite");
        }
        MembershipRecord m = new MembershipRecord(id, MembershipAction.INVITE, signer.publicKey(), member, clock.millis());
        SignedEnvelope env = signer.sign(RecordKind.MEMBERSHIP, m);
        Offer o = offer(env, Source.LOCAL, id);
        if (!o.accepted()) {
            throw BlocklistException.badField("member", "invitation refused: " + o);
        }
        return env;
    }

    public synchronized ListDefinition definition(ListId id) {
        Known k = lists.get(id);
        if (k == null) {
            throw BlocklistException.unknownList(id);
        }
        return k.definition().record();
    }

    // ---- following and local policy ----

    public void follow(ListId id, Optional<BlockRule> localRule) {
        synchronized (this) {
            Known k = lists.get(id);
            if (k == null) {
                throw BlocklistException.unknownList(id);
            }
            followed.put(id, localRule);
            policy.follow(k.tally(), localRule);
            repository.putFollow(id, localRule);
            recomputeAll(false);
        }
        followListeners.forEach(l -> l.followed(id));
    }

    public void unfollow(ListId id) {
        synchronized (this) {
            if (!lists.containsKey(id)) {
                throw BlocklistException.unknownList(id);
            }
            followed.remove(id);
            policy.unfollow(id);
            repository.deleteFollow(id);
            recomputeAll(false);
        }
        followListeners.forEach(l -> l.unfollowed(id));
    }

    public synchronized Set<ListId> followedLists() {
        return Set.copyOf(followed.keySet());
    }

    public synchronized boolean knows(ListId id) {
        return lists.containsKey(id);
    }

    public synchronized void setLocal(Target target, LocalOverride override) {
        if (override == LocalOverride.NONE) {
            overrides.remove(target);
        } else {
            overrides.put(target, override);
        }
        applyOverride(target, override);
        repository.putOverride(target, override);
        decisions.update(List.of(target));
    }

    public synchronized Map<Target, LocalOverride> localOverrides() {
        return Map.copyOf(overrides);
    }

    private void applyOverride(Target t, LocalOverride o) {
        switch (o) {
            case ALLOW -> policy.allow(t);
            case BLOCK -> policy.block(t);
            case NONE -> policy.clearLocal(t);
        }
    }

    synchronized Decision decide(Target target) {
        return policy.decide(target, clock.millis());
    }

    // ---- views ----

    public synchronized List<ListView> lists() {
        List<ListView> out = new ArrayList<>();
        for (ListId id : lists.keySet()) {
            out.add(view(id, false));
        }
        return out;
    }

    public synchronized ListView view(ListId id, boolean withCounts) {
        Known k = lists.get(id);
        if (k == null) {
            throw BlocklistException.unknownList(id);
        }
        SortedMap<Target, TargetCounts> counts = withCounts ? k.tally().counts(clock.millis()) : new TreeMap<>();
        return new ListView(k.definition().record(), k.signed(), followed.containsKey(id),
                followed.getOrDefault(id, Optional.empty()), k.tally().voteCount(), k.tally().pendingCount(), counts);
    }

    /** The targets one list blocks under this node's effective rule for it (for export). */
    public synchronized Set<Target> blockedBy(ListId id) {
        Known k = lists.get(id);
        if (k == null) {
            throw BlocklistException.unknownList(id);
        }
        BlockRule rule = followed.getOrDefault(id, Optional.empty()).orElse(k.definition().record().rules().blockRule());
        return k.tally().blocked(clock.millis(), rule);
    }

    /** Everything this node blocks by followed lists and local blocks (local allows removed). */
    public synchronized Set<Target> blockedTargets() {
        return policy.blockedTargets(clock.millis());
    }

    /** Signed votes and membership records of one list (what catch-up sync offers). */
    public void forEachRecord(ListId id, java.util.function.Consumer<SignedEnvelope> action) {
        repository.forEachRecord(id, action);
    }

    // ---- imported denylists ----

    /** Parses and stores an IPIP-383 denylist under {@code name}; returns its rule count. */
    public int importDenylist(String name, String text) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw BlocklistException.badField("name", "a denylist needs a name of 1 to 128 characters");
        }
        Denylist list = parse(text);
        DenylistMatcher matcher;
        try {
            matcher = new DenylistMatcher(list);
        } catch (IllegalArgumentException e) {
            throw BlocklistException.badField("body", "denylist rule cannot be matched: " + e.getMessage());
        }
        synchronized (this) {
            repository.putDenylist(name, text);
            denylists.put(name, matcher);
            recomputeAll(true);
        }
        return list.rules().size();
    }

    public synchronized boolean removeDenylist(String name) {
        if (denylists.remove(name) == null) {
            return false;
        }
        repository.deleteDenylist(name);
        recomputeAll(true);
        return true;
    }

    public synchronized Map<String, Integer> denylists() {
        Map<String, Integer> out = new TreeMap<>();
        denylists.forEach((n, m) -> out.put(n, m.denylist().rules().size()));
        return out;
    }

    private static Denylist parse(String text) {
        try {
            return new DenylistParser(MAX_DENYLIST_RULES).parse(new StringReader(text));
        } catch (DenylistFormatException e) {
            throw BlocklistException.badField("body", "malformed denylist: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw BlocklistException.badField("body", "malformed denylist: " + e.getMessage());
        }
    }

    /** Re-decides everything: after follows, rule changes, membership changes, and periodically as votes age out. */
    public synchronized void recomputeAll(boolean denylistsChanged) {
        long now = clock.millis();
        Set<Target> allowed = new HashSet<>();
        overrides.forEach((t, o) -> {
            if (o == LocalOverride.ALLOW) {
                allowed.add(t);
            }
        });
        decisions.replaceAll(policy.blockedTargets(now), allowed, denylists, denylistsChanged);
    }

    /** Drops votes that can no longer count and re-decides (votes leave the window as time passes). */
    public synchronized void expire() {
        long now = clock.millis();
        for (Known k : lists.values()) {
            k.tally().prune(now);
        }
        recomputeAll(false);
    }
}
