package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.AnnounceMessage;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.announce.proto.Retraction;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.pubsub.ValidationResult;
import io.grapevine.node.storage.AnnouncementStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
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
        AnnounceMessage message;
        try {
            message = AnnounceCodec.decode(data);
        } catch (AnnounceFormatException e) {
            return Verdict.reject(e.getMessage());
        }
        Verdict ok = new Verdict(ValidationResult.ACCEPT, "", message, ContentIds.digest(data, 0, data.length));
        long now = clock.millis();
        if (message.hasAnnouncement()) {
            Announcement a = message.getAnnouncement();
            String time = timeProblem(a.getCreatedAt(), now);
            if (time != null) return time.startsWith("future") ? ok.rejectAs(time) : ok.ignore(time);
            if (a.getStampDifficulty() < minDifficulty) {
                return ok.rejectAs("stamp difficulty " + a.getStampDifficulty() + " below the network's " + minDifficulty);
            }
            if (!Stamp.verify(a)) return ok.rejectAs("stamp does not meet its difficulty " + a.getStampDifficulty());
            PublicKey key = AnnounceCodec.publisherKey(a.getPublisherKey());
            if (!AnnouncementSigning.verify(a, key)) return ok.rejectAs("bad announcement signature");
        } else {
            Retraction r = message.getRetraction();
            String time = timeProblem(r.getRetractedAt(), now);
            if (time != null) return time.startsWith("future") ? ok.rejectAs(time) : ok.ignore(time);
            PublicKey key = AnnounceCodec.publisherKey(r.getPublisherKey());
            if (!AnnouncementSigning.verify(r, key)) return ok.rejectAs("bad retraction signature");
        }
        return ok;
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
