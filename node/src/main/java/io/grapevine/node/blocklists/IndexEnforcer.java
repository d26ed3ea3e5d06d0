package io.grapevine.node.blocklists;

import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.TargetKind;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Keeps the search index in step with block decisions: an item (or every item of a publisher) that becomes blocked
 * is removed, one that becomes unblocked is re-added from the store unless it is still blocked for the other reason
 * (its publisher, or its own content id). Runs on the decisions' notifier thread, never the gossip thread.
 */
public final class IndexEnforcer implements BlockDecisions.Listener {
    private final BlockDecisions decisions;
    private final IndexedAnnouncements index;

    public IndexEnforcer(BlockDecisions decisions, IndexedAnnouncements index) {
        this.decisions = decisions;
        this.index = index;
    }

    @Override
    public void changed(BlockChange change) {
        if (change.rescan()) {
            index.forEachStored(this::apply);
            return;
        }
        for (String id : contentIds(change.blocked())) {
            index.unindex(id);
        }
        for (Target t : change.unblocked()) {
            if (t.kind() == TargetKind.CONTENT) {
                // Its publisher may still be blocked: the store knows who published it.
                byte[] publisher = index.publisherOf(t.contentId());
                if (publisher != null && decisions.blockedReason(t.contentId(), publisher).isEmpty()) {
                    index.reindex(t.contentId());
                }
            } else {
                for (String id : index.byPublisher(t.value())) {
                    if (!decisions.isBlocked(Target.content(id))) {
                        index.reindex(id);
                    }
                }
            }
        }
    }

    private void apply(String contentId, byte[] publisher) {
        if (decisions.blockedReason(contentId, publisher).isPresent()) {
            index.unindex(contentId);
        } else {
            index.reindex(contentId);
        }
    }

    private Set<String> contentIds(Set<Target> targets) {
        Set<String> out = new LinkedHashSet<>();
        for (Target t : targets) {
            if (t.kind() == TargetKind.CONTENT) {
                out.add(t.contentId());
            } else {
                out.addAll(index.byPublisher(t.value()));
            }
        }
        return out;
    }
}
