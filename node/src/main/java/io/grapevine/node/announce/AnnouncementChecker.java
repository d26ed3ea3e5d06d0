package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.AnnounceMessage;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.announce.proto.Retraction;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.identity.KeyType;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.identity.ed25519.Ed25519BatchVerifier;
import io.grapevine.node.pubsub.ValidationResult;
import io.grapevine.node.storage.AnnouncementStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every rule an announce-topic message must pass (docs/announce.md, "Validation"), in order of cost: size, parse and
 * field limits, far-future time (REJECT), too old (IGNORE), stamp difficulty and stamp, signature (REJECT), then the
 * store: duplicates, replays of retracted items, items of another publisher (IGNORE), retractions by anyone but the
 * publisher (REJECT), and the policy (IGNORE: a blocked item is not the sender's fault).
 */
public final class AnnouncementChecker {
    /** How far in the future a record's time may be (clock skew between honest nodes). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(10);
    /** The IGNORE reason for a valid announcement of a content id someone else announced first. */
    public static final String OTHER_PUBLISHER = "content already announced by another publisher";

    /** Shared: the verifier is thread-safe and holds only its SecureRandom. */
    private static final Ed25519BatchVerifier BATCH = new Ed25519BatchVerifier();

    private final AnnouncementStore store;
    private final int minDifficulty;
    private final Duration maxAge;
    private final Clock clock;
    private volatile AnnouncementPolicy policy;

    public AnnouncementChecker(AnnouncementStore store, int minDifficulty, Duration maxAge, Clock clock,
                               AnnouncementPolicy policy) {
        this.store = store;
        this.minDifficulty = minDifficulty;
        this.maxAge = maxAge;
        this.clock = clock;
        this.policy = policy;
    }

    public void setPolicy(AnnouncementPolicy policy) {
        this.policy = policy == null ? AnnouncementPolicy.ALLOW_ALL : policy;
    }

    public int minDifficulty() {
        return minDifficulty;
    }

    /** All rules, against the store as it is now. */
    public Verdict check(byte[] data) {
        Verdict verdict = checkRecord(data);
        return verdict.accepted() ? checkState(verdict) : verdict;
    }

    /** The rules that depend on the message alone (and the clock). */
    public Verdict checkRecord(byte[] data) {
        Pending p = beforeSignature(data);
        if (p.key == null) return p.verdict;
        return p.key.verify(p.signed, p.signature) ? p.verdict : p.verdict.rejectAs(p.badSignature);
    }

    /**
     * {@link #checkRecord} for each record, in order, with the same verdicts: the Ed25519 signatures of the records that
     * reach the signature rule are verified as one batch (the same rule, a fraction of the cost), other key types one
     * by one.
     */
    public List<Verdict> checkRecords(List<byte[]> records) {
        List<Pending> pending = new ArrayList<>(records.size());
        List<Ed25519BatchVerifier.Item> batch = new ArrayList<>();
        for (byte[] data : records) {
            Pending p = beforeSignature(data);
            pending.add(p);
            if (p.key != null && p.key.type() == KeyType.ED25519) {
                batch.add(new Ed25519BatchVerifier.Item(p.key.raw(), p.signed, p.signature));
            }
        }
        boolean[] batchOk = BATCH.verify(batch);
        List<Verdict> out = new ArrayList<>(records.size());
        int next = 0;
        for (Pending p : pending) {
            if (p.key == null) {
                out.add(p.verdict);
                continue;
            }
            boolean ok = p.key.type() == KeyType.ED25519 ? batchOk[next++] : p.key.verify(p.signed, p.signature);
            out.add(ok ? p.verdict : p.verdict.rejectAs(p.badSignature));
        }
        return out;
    }

    /**
     * Every record rule but the signature. Either a final verdict (key null), or the verdict if the signature holds,
     * the reason if not, and what to verify.
     */
    private record Pending(Verdict verdict, PublicKey key, byte[] signed, byte[] signature, String badSignature) {
        static Pending decided(Verdict verdict) {
            return new Pending(verdict, null, null, null, null);
        }
    }

    private Pending beforeSignature(byte[] data) {
        AnnounceMessage message;
        try {
            message = AnnounceCodec.decode(data);
        } catch (AnnounceFormatException e) {
            return Pending.decided(Verdict.reject(e.getMessage()));
        }
        Verdict ok = new Verdict(ValidationResult.ACCEPT, "", message, ContentIds.digest(data, 0, data.length));
        long now = clock.millis();
        if (message.hasAnnouncement()) {
            Announcement a = message.getAnnouncement();
            String time = timeProblem(a.getCreatedAt(), now);
            if (time != null) return Pending.decided(time.startsWith("future") ? ok.rejectAs(time) : ok.ignore(time));
            if (a.getStampDifficulty() < minDifficulty) {
                return Pending.decided(ok.rejectAs("stamp difficulty " + a.getStampDifficulty() + " below the network's " + minDifficulty));
            }
            if (!Stamp.verify(a)) return Pending.decided(ok.rejectAs("stamp does not meet its difficulty " + a.getStampDifficulty()));
            PublicKey key = AnnounceCodec.publisherKey(a.getPublisherKey());
            return new Pending(ok, key, AnnouncementSigning.signingBytes(a), a.getSignature().toByteArray(),
                    "bad announcement signature");
        }
        Retraction r = message.getRetraction();
        String time = timeProblem(r.getRetractedAt(), now);
        if (time != null) return Pending.decided(time.startsWith("future") ? ok.rejectAs(time) : ok.ignore(time));
        PublicKey key = AnnounceCodec.publisherKey(r.getPublisherKey());
        return new Pending(ok, key, AnnouncementSigning.signingBytes(r), r.getSignature().toByteArray(),
                "bad retraction signature");
    }

    /** The rules that depend on what we already hold, for a verdict that passed {@link #checkRecord}. */
    public Verdict checkState(Verdict verdict) {
        AnnounceMessage message = verdict.message();
        if (message.hasAnnouncement()) {
            Announcement a = message.getAnnouncement();
            byte[] contentId = a.getContentId().toByteArray();
            Optional<AnnouncementStore.Entry> tombstone = store.tombstone(contentId);
            if (tombstone.isPresent()) {
                Retraction r = parse(tombstone.get()).getRetraction();
                if (!r.getPublisherKey().equals(a.getPublisherKey())) return verdict.ignore("retracted by its publisher");
                if (r.getRetractedAt() >= a.getCreatedAt()) return verdict.ignore("replay of a retracted announcement");
            }
            Optional<AnnouncementStore.Entry> existing = store.announcement(contentId);
            if (existing.isPresent()) {
                Announcement held = parse(existing.get()).getAnnouncement();
                if (!held.getPublisherKey().equals(a.getPublisherKey())) {
                    return verdict.ignore(OTHER_PUBLISHER);
                }
                if (Arrays.equals(existing.get().id(), verdict.id())) return verdict.ignore("duplicate");
                if (held.getCreatedAt() >= a.getCreatedAt()) return verdict.ignore("older than the announcement held");
            }
            AnnouncementPolicy.Decision decision = policy.allow(a);
            if (!decision.allowed()) return verdict.ignore("blocked: " + decision.reason());
        } else {
            Retraction r = message.getRetraction();
            byte[] contentId = r.getContentId().toByteArray();
            Optional<AnnouncementStore.Entry> existing = store.announcement(contentId);
            if (existing.isEmpty()) {
                return verdict.ignore(store.tombstone(contentId).isPresent() ? "already retracted" : "unknown content id");
            }
            Announcement held = parse(existing.get()).getAnnouncement();
            if (!held.getPublisherKey().equals(r.getPublisherKey())) {
                return verdict.rejectAs("retraction by someone other than the publisher");
            }
            if (r.getRetractedAt() < held.getCreatedAt()) return verdict.ignore("retraction older than the announcement");
        }
        return verdict;
    }

    private String timeProblem(long time, long now) {
        if (time > now + MAX_FUTURE.toMillis()) return "future time: " + (time - now) / 1000 + " s ahead";
        if (time < now - maxAge.toMillis()) return "too old: " + (now - time) / 1000 + " s";
        return null;
    }

    /** Stored records passed these checks once, so a parse failure here means a damaged store. */
    static AnnounceMessage parse(AnnouncementStore.Entry entry) {
        return AnnounceCodec.decode(entry.data());
    }
}
