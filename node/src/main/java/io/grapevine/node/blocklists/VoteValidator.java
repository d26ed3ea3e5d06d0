package io.grapevine.node.blocklists;

import io.grapevine.blocklist.list.ListId;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.pubsub.PubsubMessage;
import io.grapevine.node.pubsub.ValidationResult;
import io.grapevine.node.pubsub.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossip validation for {@code grapevine/votes/1/<list-id>}: a message is a signed vote or membership record of that
 * list. Size, encoding, known list, topic, signature, per-signer flood limit, then the tally's admission (stamp,
 * membership, category, clock window); an accepted record is already in the tally and the store when relayed.
 * Our own published records are admitted before publishing, so their DUPLICATE counts as accepted.
 */
final class VoteValidator implements Validator {
    private static final Logger log = LoggerFactory.getLogger(VoteValidator.class);

    private final BlocklistService service;
    private final ListId list;
    private final PeerId localPeer;

    VoteValidator(BlocklistService service, ListId list, PeerId localPeer) {
        this.service = service;
        this.list = list;
        this.localPeer = localPeer;
    }

    @Override
    public ValidationResult validate(PubsubMessage message) {
        Offer o = service.offer(message.data(), BlocklistService.Source.GOSSIP, list);
        if (o.accepted()) {
            return ValidationResult.ACCEPT;
        }
        if (o.refusal() == Refusal.DUPLICATE && localPeer.equals(message.from())) {
            return ValidationResult.ACCEPT;
        }
        log.debug("vote gossip on {} from {} refused: {}", list, message.receivedFrom(), o);
        return o.refusal().gossipVerdict;
    }
}
