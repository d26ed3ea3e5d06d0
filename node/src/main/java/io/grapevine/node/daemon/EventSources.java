package io.grapevine.node.daemon;

import io.grapevine.blocklist.vote.Target;
import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.blocklists.BlockDecisions;
import io.grapevine.node.events.NodeEvents;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.ConnectionListener;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.storage.AnnouncementStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Feeds {@link NodeEvents} from the features, where the node composes them: one {@code bind} per source. */
final class EventSources {
    private EventSources() {}

    static void bindHost(NodeEvents events, Host host) {
        host.addConnectionListener(new ConnectionListener() {
            @Override
            public void opened(Connection c) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("peerId", c.remotePeer().toString());
                data.put("address", c.remoteAddress().toString());
                data.put("direction", c.direction().name().toLowerCase(Locale.ROOT));
                events.publish("peer.connected", data);
            }

            @Override
            public void closed(Connection c) {
                events.publish("peer.disconnected", Map.of("peerId", c.remotePeer().toString()));
            }
        });
    }

    static void bindContent(NodeEvents events, ContentFeature content) {
        content.addShareListener(share -> events.publish("share.added", Map.of("contentId",
                share.contentId().toString(), "title", share.title(), "totalSize", share.totalSize())));
    }

    static void bindAnnouncements(NodeEvents events, AnnounceFeature announce) {
        announce.service().store().addChangeListener((AnnouncementStore.Entry added, List<AnnouncementStore.Entry> removed) -> {
            String id = Cid.fromBytes(added.contentId()).toString();
            events.publish(added.tombstone() ? "announcement.retracted" : "announcement.stored", Map.of("contentId", id));
        });
    }

    static void bindBlocking(NodeEvents events, BlockDecisions decisions) {
        decisions.addListener(change -> {
            if (change.blocked().isEmpty() && change.unblocked().isEmpty()) return;
            events.publish("blocking.changed", Map.of(
                    "blocked", change.blocked().stream().map(Target::toString).toList(),
                    "unblocked", change.unblocked().stream().map(Target::toString).toList()));
        });
    }
}
