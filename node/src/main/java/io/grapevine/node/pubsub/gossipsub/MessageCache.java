package io.grapevine.node.pubsub.gossipsub;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.pubsub.rpc.proto.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gossipsub message cache (gossipsub-v1.0.md, "Message Cache"): {@code length} history windows, shifted each
 * heartbeat; the newest {@code gossip} windows are advertised in IHAVE; IWANT is served from all of them, each peer
 * getting a message at most {@code maxRetransmissions} times. Not thread-safe: the router's thread owns it.
 */
public final class MessageCache {
    private record Entry(Message message, Map<PeerId, Integer> requests) {
    }

    private record Window(List<ByteString> ids, List<String> topics) {
        Window() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    private final int gossip;
    private final int length;
    private final int maxRetransmissions;
    private final Map<ByteString, Entry> messages = new HashMap<>();
    private final Deque<Window> windows = new ArrayDeque<>();

    public MessageCache(int gossip, int length, int maxRetransmissions) {
        if (gossip <= 0 || length < gossip) {
            throw new IllegalArgumentException("need 0 < gossip <= length, got " + gossip + ", " + length);
        }
        this.gossip = gossip;
        this.length = length;
        this.maxRetransmissions = maxRetransmissions;
        windows.addFirst(new Window());
    }

    public void put(ByteString id, Message message) {
        if (messages.putIfAbsent(id, new Entry(message, new HashMap<>())) == null) {
            windows.getFirst().ids().add(id);
            windows.getFirst().topics().add(message.getTopic());
        }
    }

    public Optional<Message> get(ByteString id) {
        Entry e = messages.get(id);
        return e == null ? Optional.empty() : Optional.of(e.message());
    }

    /** The message for an IWANT from {@code peer}, unless that peer already asked for it too often. */
    public Optional<Message> getForPeer(ByteString id, PeerId peer) {
        Entry e = messages.get(id);
        if (e == null) {
            return Optional.empty();
        }
        int count = e.requests().merge(peer, 1, Integer::sum);
        return count > maxRetransmissions ? Optional.empty() : Optional.of(e.message());
    }

    /** Ids of {@code topic}'s messages in the newest {@code gossip} windows, newest first. */
    public List<ByteString> gossipIds(String topic) {
        List<ByteString> out = new ArrayList<>();
        int i = 0;
        for (Window w : windows) {
            if (i++ >= gossip) {
                break;
            }
            for (int j = 0; j < w.ids().size(); j++) {
                if (w.topics().get(j).equals(topic)) {
                    out.add(w.ids().get(j));
                }
            }
        }
        return out;
    }

    /** Called each heartbeat: opens a new window and forgets the messages of the oldest beyond {@code length}. */
    public void shift() {
        windows.addFirst(new Window());
        while (windows.size() > length) {
            for (ByteString id : windows.removeLast().ids()) {
                messages.remove(id);
            }
        }
    }

    public int size() {
        return messages.size();
    }
}
