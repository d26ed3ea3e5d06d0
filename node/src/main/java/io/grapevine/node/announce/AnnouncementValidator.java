package io.grapevine.node.announce;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.pubsub.PubsubMessage;
import io.grapevine.node.pubsub.ValidationResult;
import io.grapevine.node.pubsub.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The pubsub validator of {@code grapevine/announce/1}: runs {@link AnnouncementChecker} before relay. Our own
 * messages are stored before they are published, so for them only the record rules apply (the store would call them
 * duplicates). A valid announcement of content someone else announced first is not relayed, but its publisher is
 * remembered as a provider.
 */
public final class AnnouncementValidator implements Validator {
    private static final Logger log = LoggerFactory.getLogger(AnnouncementValidator.class);

    private final AnnouncementChecker checker;
    private final PeerId localPeer;
    private final ProviderDirectory providers;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();

    public AnnouncementValidator(AnnouncementChecker checker, PeerId localPeer, ProviderDirectory providers) {
        this.checker = checker;
        this.localPeer = localPeer;
        this.providers = providers;
    }

    @Override
    public ValidationResult validate(PubsubMessage message) {
        Verdict verdict;
        try {
            verdict = localPeer.equals(message.from()) ? checker.checkRecord(message.data()) : checker.check(message.data());
        } catch (RuntimeException e) {
            log.warn("checking an announcement from {} failed", message.from(), e);
            ignored.incrementAndGet();
            return ValidationResult.IGNORE;
        }
        switch (verdict.result()) {
            case ACCEPT -> accepted.incrementAndGet();
            case REJECT -> rejected.incrementAndGet();
            case IGNORE -> ignored.incrementAndGet();
        }
        if (!verdict.accepted()) {
            log.debug("announcement from {} via {}: {} ({})", message.from(), message.receivedFrom(),
                    verdict.result(), verdict.reason());
        }
        if (AnnouncementChecker.OTHER_PUBLISHER.equals(verdict.reason())) {
            var a = verdict.message().getAnnouncement();
            providers.add(Cid.fromBytes(a.getContentId().toByteArray()),
                    AnnounceCodec.publisher(a.getPublisherKey()));
        }
        return verdict.result();
    }

    public long accepted() { return accepted.get(); }
    public long rejected() { return rejected.get(); }
    public long ignored() { return ignored.get(); }
}
