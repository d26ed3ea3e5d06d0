package io.grapevine.node.blocklists;

import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.list.ListRules;
import io.grapevine.blocklist.tally.TallyLimits;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.VoteAction;
import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.blocklists.BlocklistRoutes;
import io.grapevine.node.daemon.NodeFeature;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.pubsub.Pubsub;
import io.grapevine.node.storage.BlocklistStore;
import io.grapevine.node.sync.SyncService;
import io.grapevine.node.transfer.ContentPolicy;
import io.grapevine.node.storage.ContentDatabase;
import io.micrometer.core.instrument.MeterRegistry;

import io.grapevine.blocklist.vote.TargetKind;

import java.time.Clock;
import java.util.function.Consumer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Community blocklists in the running node: the service (lists, tallies, follows, overrides, denylists in the node's
 * RocksDB), vote gossip for followed lists, {@link BlockDecisions} for the enforcement hooks, and the
 * {@code api.blocklists} routes. Votes age out of their window, so decisions are re-made once a minute.
 */
public final class BlocklistFeature implements NodeFeature {
    private final BlocklistService service;
    private final VoteGossip gossip;
    private final ScheduledExecutorService expiry;
    private final java.util.Map<ListId, VoteSyncStore> syncStores = new java.util.concurrent.ConcurrentHashMap<>();

    private BlocklistFeature(BlocklistService service, VoteGossip gossip, ScheduledExecutorService expiry) {
        this.service = service;
        this.gossip = gossip;
        this.expiry = expiry;
    }

    /** Loads the stored blocklists and joins the followed lists' topics; call before the host starts. */
    public static BlocklistFeature start(PrivateKey signingKey, Pubsub pubsub, ContentDatabase database,
                                         MeterRegistry registry) {
        BlockDecisions decisions = new BlockDecisions();
        BlocklistService service = new BlocklistService(new BlocklistStore(database), new RecordSigner(signingKey),
                new KeySignatureVerifier(), Clock.systemUTC(), TallyLimits.DEFAULT, FloodLimiter.Limits.DEFAULT,
                decisions);
        service.load();
        service.refusals().bindTo(registry);
        VoteGossip gossip = new VoteGossip(pubsub.router(), service).start();
        ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grapevine-blocklist-expiry");
            t.setDaemon(true);
            return t;
        });
        expiry.scheduleWithFixedDelay(service::expire, 1, 1, TimeUnit.MINUTES);
        return new BlocklistFeature(service, gossip, expiry);
    }

    public BlocklistService service() {
        return service;
    }

    public BlockDecisions decisions() {
        return service.decisions();
    }

    public ListDefinition createList(String name, String description, ListRules rules) {
        return service.createList(name, description, rules);
    }

    /** Signs, admits and gossips a vote of this node. */
    public SignedEnvelope vote(ListId id, Target target, VoteAction action, String reason) {
        SignedEnvelope env = service.vote(id, target, action, reason);
        gossip.publish(id, env);
        return env;
    }

    /** Signs, admits and gossips an invitation of {@code member} (a marshalled key) to a members-only list. */
    public SignedEnvelope invite(ListId id, byte[] member) {
        SignedEnvelope env = service.invite(id, member);
        gossip.publish(id, env);
        return env;
    }

    /**
     * Offers the votes of each followed list (now and as lists are followed) to catch-up sync as the set
     * {@code votes/<list-id>}, reconciled with each peer we dial. Call once, where the node's SyncService is made.
     */
    public void attachSync(SyncService sync) {
        BlocklistService.FollowListener sets = new BlocklistService.FollowListener() {
            @Override
            public synchronized void followed(ListId id) {
                if (syncStores.containsKey(id)) {
                    return;
                }
                VoteSyncStore store = VoteSyncStore.open(service, id);
                syncStores.put(id, store);
                sync.addSet(VoteSyncStore.setName(id), store);
                sync.syncOnConnect(VoteSyncStore.setName(id), 2);
            }

            @Override
            public void unfollowed(ListId id) {
                // The set stays served (sync has no removal); its accept() ignores records of unfollowed lists.
            }
        };
        service.addFollowListener(sets);
        service.followedLists().forEach(sets::followed);
    }

    /** The catch-up store of a followed list, once {@link #attachSync} was called. */
    public VoteSyncStore syncStore(ListId id) {
        return syncStores.get(id);
    }

    /**
     * Enforces on announcements and search: blocked items are not stored, indexed or relayed; items that become
     * blocked leave the index and come back when unblocked. A rescan at start catches an index rebuilt from the store.
     */
    public void enforceOn(AnnounceFeature announce) {
        announce.setPolicy(AnnouncementEnforcement.policy(decisions()));
        IndexEnforcer enforcer = new IndexEnforcer(decisions(), new AnnouncementEnforcement(announce));
        decisions().addListener(enforcer);
        expiry.execute(() -> enforcer.changed(new BlockChange(java.util.Set.of(), java.util.Set.of(), true)));
    }

    /** The hook for content and transfer: blocked content is not served and its download is refused. */
    public ContentPolicy contentPolicy() {
        return id -> decisions().blockedReason(id.toString(), null);
    }

    /** Calls {@code action} with each content id (a CID) that becomes blocked: the store collects it unless pinned. */
    public void onContentBlocked(Consumer<Cid> action) {
        decisions().addListener(change -> {
            for (Target t : change.blocked()) {
                if (t.kind() == TargetKind.CONTENT) {
                    try {
                        action.accept(Cid.parse(t.contentId()));
                    } catch (RuntimeException e) {
                        // Not a CID: nothing of it can be in the chunk store.
                    }
                }
            }
        });
    }

    @Override
    public List<ApiRoutes> routes() {
        return List.of(new BlocklistRoutes(this));
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        gossip.close();
        service.decisions().close();
    }
}
