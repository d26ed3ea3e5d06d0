package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.api.search.SearchRoutes;
import io.grapevine.node.daemon.NodeConfig;
import io.grapevine.node.daemon.NodeFeature;
import io.grapevine.node.identity.Identity;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.pubsub.Pubsub;
import io.grapevine.node.search.IndexedItems;
import io.grapevine.node.search.SearchService;
import io.grapevine.node.storage.AnnouncementStore;
import io.grapevine.node.daemon.ContentFeature;
import io.grapevine.node.storage.ManifestStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Announcements and search: the store (in the node's RocksDB), the search index in {@code <home>/index}, the
 * provider directory, the gossip topic, and the {@code api.search} routes.
 */
public final class AnnounceFeature implements NodeFeature {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AnnounceFeature.class);
    private final AnnouncementService service;
    private final SearchService search;
    private final ManifestStore manifests;
    private final AnnouncementSyncStore syncStore;

    private AnnounceFeature(AnnouncementService service, SearchService search, ManifestStore manifests,
                            AnnouncementSyncStore syncStore) {
        this.service = service;
        this.search = search;
        this.manifests = manifests;
        this.syncStore = syncStore;
    }

    /**
     * Opens the index (rebuilding it from the store if needed) and joins the topic; announces every new share of
     * {@code content} and gives its downloads the providers learned from announcements. Call before the host starts.
     */
    public static AnnounceFeature start(Path home, NodeConfig config, Identity identity, Host host, Pubsub pubsub,
                                        ContentFeature content) throws IOException {
        Clock clock = Clock.systemUTC();
        AnnouncementStore store = new AnnouncementStore(content.database());
        SearchService search = SearchService.open(home.resolve("index"), store);
        try {
            AnnouncementChecker checker = new AnnouncementChecker(store, config.announceDifficulty(),
                    Duration.ofDays(config.announceMaxAgeDays()), clock, AnnouncementPolicy.ALLOW_ALL);
            ProviderDirectory providers = new ProviderDirectory(host.peerStore(), id -> store.announcement(id.toBytes())
                    .map(e -> publisher(AnnounceCodec.decode(e.data()).getAnnouncement())));
            AnnouncementAuthor author = new AnnouncementAuthor(identity.privateKey(), config.announceDifficulty(), clock,
                    host::listenAddresses);
            AnnouncementService service = new AnnouncementService(store, checker, author, search, providers,
                    pubsub.router()).start();
            content.addShareListener(share -> service.announce(SharedItems.draft(share)).whenComplete((a, e) -> {
                if (e != null) log.warn("announcing share {} failed: {}", share.contentId(), e.getMessage());
            }));
            content.addProviderSource(providers::dialableAddresses);
            return new AnnounceFeature(service, search, content.manifests(), new AnnouncementSyncStore(store, service));
        } catch (RuntimeException e) {
            search.close();
            throw e;
        }
    }

    private static ProviderDirectory.Provider publisher(Announcement a) {
        List<Multiaddr> addresses = a.getPublisherAddressesList().stream().map(AnnounceCodec::address).toList();
        return new ProviderDirectory.Provider(IndexedItems.publisher(a), addresses);
    }

    public AnnouncementService service() { return service; }
    public SearchService search() { return search; }
    public ProviderDirectory providers() { return service.providers(); }
    public ManifestStore manifests() { return manifests; }
    /** The announcement set for {@code /grapevine/sync/1}: {@code syncService.addSet("announcements", syncStore())}. */
    public AnnouncementSyncStore syncStore() { return syncStore; }

    /** The blocklist hook; {@link AnnouncementPolicy#ALLOW_ALL} until a blocklist feature sets one. */
    public void setPolicy(AnnouncementPolicy policy) {
        service.checker().setPolicy(policy);
    }

    @Override
    public List<ApiRoutes> routes() {
        return List.of(new SearchRoutes(this));
    }

    @Override
    public void close() {
        service.close();
        search.close();
    }
}
