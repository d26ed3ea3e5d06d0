package io.grapevine.node.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's live events (peers coming and going, shares, announcements, blocking changes) fanned out to listeners
 * such as the API's event stream. Publishing never blocks: each subscriber has a bounded queue, and a subscriber that
 * falls behind loses the oldest events and is told how many it lost.
 */
public final class NodeEvents implements AutoCloseable {
    public static final int QUEUE = 512;
    public static final int MAX_SUBSCRIBERS = 32;

    /** One event: its type (e.g. {@code peer.connected}) and its JSON-ready fields, with {@code time} in epoch ms. */
    public record Event(String type, Map<String, Object> data) {}

    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    public void publish(String type, Map<String, Object> fields) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("time", System.currentTimeMillis());
        data.putAll(fields);
        Event event = new Event(type, data);
        for (Subscription s : subscriptions) s.offer(event);
    }

    /** A new subscription, or empty when {@link #MAX_SUBSCRIBERS} are already listening. */
    public java.util.Optional<Subscription> subscribe() {
        synchronized (subscriptions) {
            if (subscriptions.size() >= MAX_SUBSCRIBERS) return java.util.Optional.empty();
            Subscription s = new Subscription();
            subscriptions.add(s);
            return java.util.Optional.of(s);
        }
    }

    public int subscribers() { return subscriptions.size(); }

    /** Ends every subscription, waking their readers; called before the API server stops so streams end cleanly. */
    @Override
    public void close() {
        for (Subscription s : List.copyOf(subscriptions)) s.close();
    }

    /** Wakes a reader blocked in {@link Subscription#next} when its subscription closes. */
    private static final Event CLOSED = new Event("closed", Map.of());

    /** One listener's queue; close it when done listening. */
    public final class Subscription implements AutoCloseable {
        private final ArrayBlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
        private final AtomicLong dropped = new AtomicLong();
        private volatile boolean closed;

        private void offer(Event event) {
            while (!queue.offer(event)) {
                if (queue.poll() != null) dropped.incrementAndGet();
            }
        }

        /** The next event, or null after {@code timeoutMillis} or once closed (see {@link #isClosed()}). */
        public Event next(long timeoutMillis) throws InterruptedException {
            if (closed) return null;
            Event event = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            return event == CLOSED || closed ? null : event;
        }

        public boolean isClosed() { return closed; }

        /** Events lost to a full queue since the last call. */
        public long takeDropped() { return dropped.getAndSet(0); }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            subscriptions.remove(this);
            queue.clear();
            queue.offer(CLOSED);
        }
    }
}
