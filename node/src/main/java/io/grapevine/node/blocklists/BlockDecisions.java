package io.grapevine.node.blocklists;

import io.grapevine.blocklist.denylist.DenyRule;
import io.grapevine.blocklist.denylist.DenylistMatcher;
import io.grapevine.blocklist.policy.Decision;
import io.grapevine.blocklist.policy.LocalOverride;
import io.grapevine.blocklist.vote.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The node's answer to "is content X / publisher P blocked, and why", from the followed lists, the local policy and
 * imported denylists. Lookups are lock-free (hot path: gossip validation, chunk serving); the blocklist service updates
 * the sets under its own lock and listeners hear of changes on one notifier thread, in order.
 */
public final class BlockDecisions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockDecisions.class);

    /** Hears which targets became blocked or unblocked (index removal and re-adding, GC). */
    @FunctionalInterface
    public interface Listener {
        void changed(BlockChange change);
    }

    /** A decision with its explanation; {@code denylist} names the imported denylist whose rule decided, if any. */
    public record Verdict(Target target, boolean blocked, String reason, Decision decision,
                          Optional<String> denylist) {
    }

    private record NamedMatcher(String name, DenylistMatcher matcher) {
    }

    private final Set<Target> listBlocked = ConcurrentHashMap.newKeySet();
    private final Set<Target> allowed = ConcurrentHashMap.newKeySet();
    private volatile List<NamedMatcher> denylists = List.of();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "grapevine-block-decisions");
        t.setDaemon(true);
        return t;
    });
    private volatile BlocklistService source;

    void attach(BlocklistService service) {
        this.source = service;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public boolean isBlocked(Target target) {
        if (listBlocked.contains(target)) {
            return true;
        }
        return !allowed.contains(target) && denylistRule(target).isPresent();
    }

    public boolean isContentBlocked(String contentId) {
        return isBlocked(Target.content(contentId));
    }

    /**
     * The enforcement hooks' question: why an item (content id, publisher key or null) must not be relayed, indexed,
     * served or fetched; empty when it may. The content's own decision comes first.
     */
    public Optional<String> blockedReason(String contentId, byte[] publisherKey) {
        if (contentId != null) {
            Target c = Target.content(contentId);
            if (isBlocked(c)) {
                return Optional.of("content " + contentId + " is blocked: " + why(c).reason());
            }
        }
        if (publisherKey != null && publisherKey.length > 0) {
            Target p = Target.publisher(publisherKey);
            if (isBlocked(p)) {
                return Optional.of("its publisher is blocked: " + why(p).reason());
            }
        }
        return Optional.empty();
    }

    /** The full decision for one target, with every followed list's counts and any local override or denylist. */
    public Verdict why(Target target) {
        BlocklistService s = source;
        Decision d = s.decide(target);
        LocalOverride local = d.explanation().local();
        Optional<String> list = Optional.empty();
        String reason = d.explanation().summary();
        boolean blocked = d.blocked();
        if (local == LocalOverride.NONE && !blocked) {
            for (NamedMatcher m : denylists) {
                Optional<DenyRule> rule = m.matcher().matchingRule(target);
                if (rule.isPresent() && !rule.get().negated()) {
                    blocked = true;
                    list = Optional.of(m.name());
                    reason = reason + "; denylist " + m.name() + " rule " + rule.get().toLine();
                    break;
                }
            }
        }
        return new Verdict(target, blocked, reason, d, list);
    }

    private Optional<String> denylistRule(Target target) {
        for (NamedMatcher m : denylists) {
            if (m.matcher().isBlocked(target)) {
                return Optional.of(m.name());
            }
        }
        return Optional.empty();
    }

    /** Re-decides {@code touched} targets (called under the service's lock) and tells listeners what flipped. */
    void update(Collection<Target> touched) {
        Set<Target> nowBlocked = new HashSet<>();
        Set<Target> nowUnblocked = new HashSet<>();
        for (Target t : touched) {
            boolean was = isBlocked(t);
            Decision d = source.decide(t);
            if (d.explanation().local() == LocalOverride.ALLOW) {
                allowed.add(t);
            } else {
                allowed.remove(t);
            }
            if (d.blocked()) {
                listBlocked.add(t);
            } else {
                listBlocked.remove(t);
            }
            boolean is = isBlocked(t);
            if (is && !was) {
                nowBlocked.add(t);
            } else if (!is && was) {
                nowUnblocked.add(t);
            }
        }
        publish(new BlockChange(nowBlocked, nowUnblocked, false));
    }

    /** Replaces everything (start, follow, unfollow, rule change, window expiry, denylist import). */
    void replaceAll(Set<Target> blocked, Set<Target> locallyAllowed, Map<String, DenylistMatcher> matchers,
                    boolean denylistsChanged) {
        // One pass each way with hash lookups: the service hands over a TreeSet, whose contains() is O(log n)
        // comparisons (removeAll/retainAll against it are O(n log n) per re-decision).
        Set<Target> next = blocked instanceof HashSet<Target> ? blocked : new HashSet<>(blocked);
        Set<Target> added = new HashSet<>();
        for (Target t : next) {
            if (listBlocked.add(t)) {
                added.add(t);
            }
        }
        Set<Target> removed = new HashSet<>();
        for (Iterator<Target> it = listBlocked.iterator(); it.hasNext(); ) {
            Target t = it.next();
            if (!next.contains(t)) {
                it.remove();
                removed.add(t);
            }
        }
        allowed.addAll(locallyAllowed);
        allowed.retainAll(locallyAllowed);
        if (denylistsChanged) {
            denylists = matchers.entrySet().stream().map(e -> new NamedMatcher(e.getKey(), e.getValue())).toList();
        }
        // A target still blocked by a denylist did not flip.
        added.removeIf(t -> !isBlocked(t));
        removed.removeIf(this::isBlocked);
        publish(new BlockChange(added, removed, denylistsChanged));
    }

    /** How many targets the followed lists and local blocks block (imported denylists not counted). */
    public int listBlockedCount() {
        return listBlocked.size();
    }

    private void publish(BlockChange change) {
        if (change.isEmpty() || listeners.isEmpty()) {
            return;
        }
        notifier.execute(() -> {
            for (Listener l : listeners) {
                try {
                    l.changed(change);
                } catch (RuntimeException e) {
                    log.warn("a block-change listener failed: {}", e.toString(), e);
                }
            }
        });
    }

    /** Lets listeners finish what is queued (a few seconds at most), then stops the notifier. */
    @Override
    public void close() {
        notifier.shutdown();
        try {
            notifier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notifier.shutdownNow();
    }
}
