package io.grapevine.node.blocklists;

import io.grapevine.blocklist.list.ListId;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gossip topic per followed list, {@code grapevine/votes/1/<list-id>}: joined (with its validator) on follow,
 * left on unfollow. Records are taken in by the validator; the subscription's handler has nothing left to do.
 */
public final class VoteGossip implements BlocklistService.FollowListener {
    private static final Logger log = LoggerFactory.getLogger(VoteGossip.class);
    public static final String TOPIC_PREFIX = "grapevine/votes/1/";

    private final GossipsubRouter router;
    private final BlocklistService service;

    public VoteGossip(GossipsubRouter router, BlocklistService service) {
        this.router = router;
        this.service = service;
    }

    public static String topic(ListId id) {
        return TOPIC_PREFIX + id;
    }

    /** Joins the topics of the lists followed at start, and follows changes from then on. */
    public VoteGossip start() {
        service.addFollowListener(this);
        service.followedLists().forEach(this::followed);
        return this;
    }

    @Override
    public void followed(ListId id) {
        router.addValidator(topic(id), new VoteValidator(service, id, router.localPeer()));
        router.subscribe(topic(id), message -> log.debug("vote record on {} from {}", id, message.from()));
    }

    @Override
    public void unfollowed(ListId id) {
        router.unsubscribe(topic(id));
        router.removeValidator(topic(id));
    }

    /** Sends one of our records to the list's topic; failures (no peers yet) are logged, sync catches up later. */
    public void publish(ListId id, SignedEnvelope record) {
        router.publish(topic(id), record.encode()).whenComplete((peers, e) -> {
            if (e != null) {
                log.info("publishing a record on {} failed: {}", topic(id), e.getMessage());
            } else {
                log.debug("record on {} sent to {} peers", topic(id), peers);
            }
        });
    }

    /** Leaves every followed list's topic. */
    public void close() {
        for (ListId id : service.followedLists()) {
            unfollowed(id);
        }
    }
}
