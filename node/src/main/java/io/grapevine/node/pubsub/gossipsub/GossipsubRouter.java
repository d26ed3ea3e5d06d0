package io.grapevine.node.pubsub.gossipsub;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.Stream;
import io.grapevine.node.pubsub.InvalidMessageException;
import io.grapevine.node.pubsub.MessageIdFunction;
import io.grapevine.node.pubsub.MessageSigning;
import io.grapevine.node.pubsub.PubsubMessage;
import io.grapevine.node.pubsub.PubsubProtocols;
import io.grapevine.node.pubsub.ValidationResult;
import io.grapevine.node.pubsub.Validator;
import io.grapevine.node.pubsub.rpc.RpcFrameDecoder;
import io.grapevine.node.pubsub.rpc.RpcFrameEncoder;
import io.grapevine.node.pubsub.rpc.proto.ControlGraft;
import io.grapevine.node.pubsub.rpc.proto.ControlIDontWant;
import io.grapevine.node.pubsub.rpc.proto.ControlIHave;
import io.grapevine.node.pubsub.rpc.proto.ControlIWant;
import io.grapevine.node.pubsub.rpc.proto.ControlMessage;
import io.grapevine.node.pubsub.rpc.proto.ControlPrune;
import io.grapevine.node.pubsub.rpc.proto.Message;
import io.grapevine.node.pubsub.rpc.proto.PeerInfo;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.grapevine.node.pubsub.score.GossipPromises;
import io.grapevine.node.pubsub.score.PeerScore;
import io.grapevine.node.pubsub.score.PeerScoreThresholds;
import io.grapevine.node.multiformats.Component;
import io.grapevine.node.multiformats.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossipsub router (v1.0-v1.2 with v1.1 peer scoring). All routing state lives on one thread; network events are
 * posted to it, and sends go to each peer's long-lived outbound stream without blocking (see {@link SendPriority}
 * for what is dropped when a peer does not read). Our own messages are not delivered to our own subscribers.
 */
public final class GossipsubRouter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GossipsubRouter.class);
    private static final int MAX_TOPIC_LENGTH = 1024;
    private static final int VERIFY_QUEUE = 256;

    private final PrivateKey key;
    private final PeerId localPeer;
    private final GossipsubParams params;
    private final Consumer<PeerId> pxDialer;
    private final ScheduledExecutorService thread;
    /**
     * Ed25519 verification is the main cost of receiving; it runs on its own threads. The queue is bounded and a
     * full queue makes the router thread verify itself, which slows its reading of peers (backpressure).
     */
    private final ThreadPoolExecutor verifier;
    /** Verifier results for the router thread, in the order verified (see {@link #postVerified}). */
    private final Queue<Runnable> verified = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean verifiedDrainPosted = new AtomicBoolean();
    private final Random random = new SecureRandom();
    private final RouterStats stats = new RouterStats();

    private final Set<PeerId> direct;
    private final Map<PeerId, PeerState> peers = new HashMap<>();
    private final Map<String, Consumer<PubsubMessage>> subscriptions = new HashMap<>();
    private final Map<String, Set<PeerId>> mesh = new HashMap<>();
    private final Map<String, Set<PeerId>> fanout = new HashMap<>();
    private final Map<String, Long> fanoutLastPublished = new HashMap<>();
    private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();
    private final Map<String, Validator> validators = new ConcurrentHashMap<>();
    private final Map<String, MessageIdFunction> idFunctions = new ConcurrentHashMap<>();
    private final MessageCache mcache;
    private final SeenCache seen;
    private final PeerScore score;
    private final PeerScoreThresholds thresholds;
    private final GossipPromises promises;
    private volatile PubsubMetrics metrics = PubsubMetrics.NONE;
    private volatile long inboundLatencyNanos;
    private volatile SimulatedUplink uplink;
    private long seqno;
    private long heartbeats;

    /**
     * @param pxDialer asked to connect to peers offered by PRUNE peer exchange (when {@code acceptPx} is on)
     */
    public GossipsubRouter(PrivateKey key, GossipsubParams params, Consumer<PeerId> pxDialer) {
        this.key = key;
        this.localPeer = PeerId.fromPublicKey(key.publicKey());
        this.params = params;
        this.direct = params.directPeerIds();
        this.pxDialer = pxDialer;
        this.mcache = new MessageCache(params.mcacheGossip(), params.mcacheLength(), params.gossipRetransmission());
        this.seen = new SeenCache(params.seenTtl().toMillis(), params.maxSeenEntries());
        this.seqno = random.nextLong() >>> 1;
        this.score = new PeerScore(params.score(), System::currentTimeMillis, params.seenTtl().toMillis());
        this.thresholds = params.thresholds();
        this.promises = new GossipPromises(params.iwantFollowupTime().toMillis(), 100_000);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grapevine-gossipsub-" + localPeer.toBase58().substring(0, 8));
            t.setDaemon(true);
            return t;
        });
        int verifiers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1));
        this.verifier = new ThreadPoolExecutor(verifiers, verifiers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(VERIFY_QUEUE), r -> {
                    Thread t = new Thread(r, "grapevine-gossipsub-verify");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        thread.scheduleWithFixedDelay(this::heartbeatSafely, params.heartbeatInitialDelay().toMillis(),
                params.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    public PeerId localPeer() {
        return localPeer;
    }

    public GossipsubParams params() {
        return params;
    }

    public RouterStats stats() {
        return stats;
    }

    /**
     * Latency injection for simulations: every RPC received is handled this much later (order kept, inbound flow
     * control unchanged). Zero, the default, for a real node.
     */
    public void simulateInboundLatency(java.time.Duration latency) {
        this.inboundLatencyNanos = latency.toNanos();
    }

    /**
     * Bandwidth model for simulations: message RPCs to all peers share one upload link of this many bits per second
     * ({@link SimulatedUplink}). Applies to peers connected after the call; none (the default) for a real node.
     */
    public void simulateUplink(long bitsPerSecond) {
        this.uplink = new SimulatedUplink(bitsPerSecond);
    }

    /** Binds metrics hooks (default {@link PubsubMetrics#NONE}); they are called on the router thread. */
    public void setMetrics(PubsubMetrics metrics) {
        this.metrics = metrics == null ? PubsubMetrics.NONE : metrics;
    }

    // ---- API ----

    /** Joins {@code topic}: announces it, builds its mesh, and hands each new valid message to {@code handler}. */
    public void subscribe(String topic, Consumer<PubsubMessage> handler) {
        checkTopic(topic);
        post(() -> join(topic, handler));
    }

    public void unsubscribe(String topic) {
        post(() -> leave(topic));
    }

    /** Validates {@code topic}'s messages, ours included, before delivery and relay; replaces any earlier one. */
    public void addValidator(String topic, Validator validator) {
        validators.put(topic, validator);
    }

    public void removeValidator(String topic) {
        validators.remove(topic);
    }

    /** Message ids for {@code topic} (default: from + seqno). Every node on the topic must use the same function. */
    public void setMessageIdFunction(String topic, MessageIdFunction function) {
        idFunctions.put(topic, function);
    }

    /**
     * Signs and sends a message; completes with the number of peers it was sent to, or fails if our own validator
     * rejects it or it is too large for one RPC.
     */
    public CompletableFuture<Integer> publish(String topic, byte[] data) {
        checkTopic(topic);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        if (data.length > params.maxRpcSize() - 512) {
            result.completeExceptionally(new IllegalArgumentException(
                    "message of " + data.length + " bytes does not fit in an RPC of " + params.maxRpcSize()));
            return result;
        }
        post(() -> {
            try {
                result.complete(publishNow(topic, data));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Peers we know to be subscribed to {@code topic}. */
    public Set<PeerId> peers(String topic) {
        return call(() -> {
            Set<PeerId> out = new HashSet<>();
            peers.values().forEach(p -> {
                if (p.topics.contains(topic)) {
                    out.add(p.id);
                }
            });
            return out;
        });
    }

    /** Our mesh peers for {@code topic} (empty when not subscribed). */
    public Set<PeerId> mesh(String topic) {
        return call(() -> Set.copyOf(mesh.getOrDefault(topic, Set.of())));
    }

    public Set<String> topics() {
        return call(() -> Set.copyOf(subscriptions.keySet()));
    }

    /** Current scores of connected peers and of disconnected ones whose score is retained. */
    public Map<PeerId, Double> scores() {
        return call(score::scores);
    }

    // ---- network glue ----

    /** A connection is up: open our long-lived outbound stream, preferring the newest protocol. */
    public void connected(Connection connection) {
        post(() -> {
            PeerState old = peers.get(connection.remotePeer());
            if (old != null && old.connection == connection) {
                return;
            }
            if (old != null) {
                removePeer(old);
            }
            PeerState peer = new PeerState(connection, stats.droppedSends, stats.cancelledSends, uplink);
            peers.put(peer.id, peer);
            score.addPeer(peer.id, ipOf(connection));
            connection.newStream(PubsubProtocols.ALL, stream -> stream.channel().pipeline()
                            .addLast(new RpcFrameEncoder(params.maxRpcSize())))
                    .whenComplete((stream, error) -> post(() -> outboundOpened(peer, stream, error)));
        });
    }

    public void disconnected(Connection connection) {
        post(() -> {
            PeerState peer = peers.get(connection.remotePeer());
            if (peer != null && peer.connection == connection) {
                removePeer(peer);
            }
        });
    }

    /** Serves a peer's inbound pubsub stream (called on the stream's event loop, before its bytes arrive). */
    public void inboundStream(Stream stream) {
        // Ensures the peer is known before its first RPC is handled, whichever listener ran first.
        connected(stream.connection());
        stream.channel().pipeline()
                .addLast(new RpcFrameDecoder(params.maxRpcSize()))
                .addLast(new InboundRpcHandler(this::receive, stream.remotePeer(), params.maxInboundQueue()));
    }

    /** RPCs from {@code from}'s inbound stream, in order; {@code done} runs once they are all processed. */
    void receive(PeerId from, List<RPC> rpcs, Runnable done) {
        Runnable task = () -> {
            try {
                for (RPC rpc : rpcs) {
                    try {
                        handleRpc(from, rpc);
                    } catch (RuntimeException e) {
                        log.warn("failed to handle an RPC from {}: {}", from, e.toString());
                    }
                }
            } finally {
                done.run();
            }
        };
        try {
            long latency = inboundLatencyNanos;
            if (latency > 0) {
                thread.schedule(task, latency, TimeUnit.NANOSECONDS);
            } else {
                thread.execute(task);
            }
        } catch (RejectedExecutionException e) {
            done.run();
        }
    }

    private void outboundOpened(PeerState peer, Stream stream, Throwable error) {
        if (peers.get(peer.id) != peer) {
            if (stream != null) {
                stream.close();
            }
            return;
        }
        if (error != null) {
            log.debug("{} speaks no pubsub protocol we know: {}", peer.id, error.toString());
            return;
        }
        peer.outbound = stream.channel();
        peer.protocol = stream.protocol();
        stream.channel().closeFuture().addListener(f -> post(() -> {
            if (peers.get(peer.id) == peer && peer.outbound == stream.channel()) {
                removePeer(peer);
            }
        }));
        if (!subscriptions.isEmpty()) {
            RPC.Builder hello = RPC.newBuilder();
            subscriptions.keySet().forEach(t -> hello.addSubscriptions(subOpts(t, true)));
            peer.send(hello.build(), SendPriority.CONTROL, params.maxSendQueue());
        }
    }

    private void removePeer(PeerState peer) {
        peers.remove(peer.id);
        score.removePeer(peer.id);
        mesh.values().forEach(s -> s.remove(peer.id));
        fanout.values().forEach(s -> s.remove(peer.id));
        if (peer.outbound != null) {
            peer.outbound.close();
        }
    }

    // ---- handling RPCs ----

    private void handleRpc(PeerId from, RPC rpc) {
        PeerState peer = peers.get(from);
        if (peer == null) {
            return; // not (or no longer) connected: nothing to route through it
        }
        if (score.score(from) < thresholds.graylist()) {
            stats.graylistedRpcs.incrementAndGet();
            return;
        }
        for (RPC.SubOpts sub : rpc.getSubscriptionsList()) {
            handleSubscription(peer, sub);
        }
        for (Message message : rpc.getPublishList()) {
            handleMessage(peer, message);
        }
        if (rpc.hasControl() && PubsubProtocols.isMesh(peer.protocol)) {
            handleControl(peer, rpc.getControl());
        }
    }

    private void handleSubscription(PeerState peer, RPC.SubOpts sub) {
        String topic = sub.getTopicid();
        if (!sub.hasTopicid() || topic.length() > MAX_TOPIC_LENGTH) {
            return;
        }
        if (sub.getSubscribe()) {
            if (peer.topics.size() >= params.maxTopicsPerPeer() && !peer.topics.contains(topic)) {
                stats.ignoredSubscriptions.incrementAndGet();
                return;
            }
            peer.topics.add(topic);
        } else {
            peer.topics.remove(topic);
            Set<PeerId> m = mesh.get(topic);
            if (m != null && m.remove(peer.id)) {
                score.prune(peer.id, topic);
            }
            Set<PeerId> f = fanout.get(topic);
            if (f != null) {
                f.remove(peer.id);
            }
        }
    }

    /**
     * Drops what we need not check (other topics, duplicates: before any signature work), then verifies the
     * signature on the verifier pool; acceptance continues on the router thread.
     */
    private void handleMessage(PeerState sourceState, Message message) {
        stats.messagesIn.incrementAndGet();
        String topic = message.getTopic();
        Consumer<PubsubMessage> handler = subscriptions.get(topic);
        if (!message.hasTopic() || handler == null) {
            stats.ignored.incrementAndGet();
            metrics.messageReceived(null);
            metrics.messageIgnored(null);
            return;
        }
        metrics.messageReceived(topic);
        ByteString id = idFunction(topic).id(message);
        if (!seen.add(id, System.currentTimeMillis())) {
            stats.duplicates.incrementAndGet();
            metrics.messageDuplicate(topic);
            score.duplicateMessage(sourceState.id, id);
            hasMessage(sourceState, id); // it may arrive while we verify the first copy: do not send it back
            return;
        }
        score.validateMessage(sourceState.id, id, topic);
        promises.delivered(id);
        if (message.getData().size() >= params.idontwantMinDataSize()) {
            sendIDontWant(topic, id, sourceState.id);
        }
        PeerId source = sourceState.id;
        verifier.execute(() -> {
            try {
                PeerId author = MessageSigning.verify(message);
                postVerified(() -> accept(message, id, source, author));
            } catch (InvalidMessageException e) {
                stats.rejected.incrementAndGet();
                log.debug("rejecting a message from {} on {}: {}", source, topic, e.getMessage());
                postVerified(() -> {
                    metrics.messageRejected(subscriptions.containsKey(topic) ? topic : null,
                            PubsubMetrics.RejectReason.SIGNATURE);
                    score.rejectMessage(source, id, topic);
                });
            }
        });
    }

    /** A message whose signature checked out: validate, cache, deliver, relay. */
    private void accept(Message message, ByteString id, PeerId source, PeerId author) {
        String topic = message.getTopic();
        Consumer<PubsubMessage> handler = subscriptions.get(topic);
        if (handler == null) {
            stats.ignored.incrementAndGet(); // we left the topic while it was verified
            metrics.messageIgnored(null);
            return;
        }
        PubsubMessage delivered = new PubsubMessage(topic, message.getData().toByteArray(), author,
                seqnoOf(message), id, source);
        ValidationResult verdict = validate(delivered);
        if (verdict != ValidationResult.ACCEPT) {
            if (verdict == ValidationResult.REJECT) {
                stats.rejected.incrementAndGet();
                metrics.messageRejected(topic, PubsubMetrics.RejectReason.VALIDATOR);
                score.rejectMessage(source, id, topic);
            } else {
                stats.ignored.incrementAndGet();
                metrics.messageIgnored(topic);
                score.ignoreMessage(id);
            }
            return;
        }
        score.deliverMessage(source, id);
        mcache.put(id, message);
        stats.delivered.incrementAndGet();
        metrics.messageDelivered(topic);
        try {
            handler.accept(delivered);
        } catch (RuntimeException e) {
            log.warn("subscriber of {} failed: {}", topic, e.toString());
        }
        forward(message, id, source, author);
    }

    private ValidationResult validate(PubsubMessage message) {
        Validator validator = validators.get(message.topic());
        if (validator == null) {
            return ValidationResult.ACCEPT;
        }
        try {
            return validator.validate(message);
        } catch (RuntimeException e) {
            log.warn("validator of {} failed: {}", message.topic(), e.toString());
            return ValidationResult.IGNORE;
        }
    }

    /** Relays to the topic's mesh and floodsub peers, except the source, the author and who said IDONTWANT. */
    private void forward(Message message, ByteString id, PeerId source, PeerId author) {
        String topic = message.getTopic();
        RPC rpc = RPC.newBuilder().addPublish(message).build();
        Set<PeerId> targets = new HashSet<>(mesh.getOrDefault(topic, Set.of()));
        for (PeerState p : peers.values()) {
            if ((PubsubProtocols.FLOODSUB.equals(p.protocol) || direct.contains(p.id)) && p.topics.contains(topic)) {
                targets.add(p.id);
            }
        }
        targets.remove(source);
        targets.remove(author);
        int copies = 0;
        for (PeerId target : targets) {
            PeerState p = peers.get(target);
            if (p != null && !p.dontWant.containsKey(id)
                    && p.send(rpc, id, SendPriority.FORWARD, params.maxSendQueue())) {
                stats.forwarded.incrementAndGet();
                copies++;
            }
        }
        if (copies > 0) {
            metrics.messagesSent(topic, copies);
        }
    }

    /**
     * Sent on first receipt, before the signature is checked (gossipsub v1.2), to every v1.2 peer on the topic: the
     * mesh, as the spec says, and also the others, which may still send it to us (a flood-publishing author, a peer
     * answering our IWANT: the spec's "cancelling IWANT").
     */
    private void sendIDontWant(String topic, ByteString id, PeerId source) {
        RPC rpc = null;
        for (PeerState p : peers.values()) {
            if (p.id.equals(source) || !p.topics.contains(topic) || !PubsubProtocols.supportsIDontWant(p.protocol)) {
                continue;
            }
            if (rpc == null) {
                rpc = RPC.newBuilder().setControl(ControlMessage.newBuilder()
                        .addIdontwant(ControlIDontWant.newBuilder().addMessageIDs(id))).build();
            }
            p.send(rpc, SendPriority.CONTROL, params.maxSendQueue());
        }
    }

    /**
     * {@code peer} sent us message {@code id}, so it has it: relaying it back would be a wasted copy. Bounded like
     * IDONTWANTs, with their expiry.
     */
    private void hasMessage(PeerState peer, ByteString id) {
        if (peer.dontWant.size() < 2 * params.maxIDontWantMessages() * Math.max(1, params.idontwantTtlHeartbeats())) {
            peer.dontWant.putIfAbsent(id, heartbeats + params.idontwantTtlHeartbeats());
        }
    }

    private void handleControl(PeerState peer, ControlMessage control) {
        Set<ByteString> iwant = new LinkedHashSet<>();
        for (ControlIHave ihave : control.getIhaveList()) {
            handleIHave(peer, ihave, iwant);
        }
        List<Message> replies = new ArrayList<>();
        boolean gossipOk = score.score(peer.id) >= thresholds.gossip();
        for (ControlIWant want : gossipOk ? control.getIwantList() : List.<ControlIWant>of()) {
            for (ByteString id : want.getMessageIDsList()) {
                if (replies.size() >= params.maxIHaveLength()) {
                    break;
                }
                mcache.getForPeer(id, peer.id).ifPresent(replies::add);
            }
        }
        List<ControlPrune> prunes = new ArrayList<>();
        for (ControlGraft graft : control.getGraftList()) {
            handleGraft(peer, graft.getTopicID(), prunes);
        }
        for (ControlPrune prune : control.getPruneList()) {
            handlePrune(peer, prune);
        }
        for (ControlIDontWant dontWant : control.getIdontwantList()) {
            for (ByteString id : dontWant.getMessageIDsList()) {
                if (peer.idontwantsThisHeartbeat++ >= params.maxIDontWantMessages()) {
                    break;
                }
                peer.dontWant.put(id, heartbeats + params.idontwantTtlHeartbeats());
            }
        }
        // Answer no IWANT for what the peer has since said it does not want (it may have sent both in one RPC).
        replies.removeIf(m -> peer.dontWant.containsKey(idFunction(m.getTopic()).id(m)));
        if (!iwant.isEmpty() || !prunes.isEmpty()) {
            ControlMessage.Builder reply = ControlMessage.newBuilder().addAllPrune(prunes);
            if (!iwant.isEmpty()) {
                reply.addIwant(ControlIWant.newBuilder().addAllMessageIDs(iwant));
                promises.promised(peer.id, List.copyOf(iwant), System.currentTimeMillis());
            }
            peer.send(RPC.newBuilder().setControl(reply).build(), SendPriority.CONTROL, params.maxSendQueue());
        }
        sendMessages(peer, replies, SendPriority.GOSSIP);
    }

    private void handleIHave(PeerState peer, ControlIHave ihave, Set<ByteString> iwant) {
        if (!subscriptions.containsKey(ihave.getTopicID()) || score.score(peer.id) < thresholds.gossip()
                || peer.ihavesThisHeartbeat++ >= params.maxIHaveMessages()) {
            return;
        }
        long now = System.currentTimeMillis();
        List<ByteString> wanted = new ArrayList<>();
        for (ByteString id : ihave.getMessageIDsList()) {
            if (!seen.contains(id, now) && !iwant.contains(id)) {
                wanted.add(id);
            }
        }
        Collections.shuffle(wanted, random);
        int room = params.maxIHaveLength() - peer.idsAskedThisHeartbeat;
        List<ByteString> asked = wanted.subList(0, Math.max(0, Math.min(room, wanted.size())));
        peer.idsAskedThisHeartbeat += asked.size();
        iwant.addAll(asked);
    }

    private void handleGraft(PeerState peer, String topic, List<ControlPrune> prunes) {
        if (!subscriptions.containsKey(topic)) {
            return; // like go-libp2p: answering GRAFTs for arbitrary topics would let a peer make us spam
        }
        Set<PeerId> m = mesh.get(topic);
        if (m.contains(peer.id)) {
            return;
        }
        if (direct.contains(peer.id)) {
            log.info("direct peer {} tried to GRAFT on {}: refused", peer.id, topic);
            if (prunes.stream().noneMatch(p -> p.getTopicID().equals(topic))) {
                prunes.add(prune(topic, peer, params.pruneBackoff().toSeconds(), false));
            }
            return;
        }
        if (inBackoff(topic, peer.id)) {
            if (prunes.stream().anyMatch(p -> p.getTopicID().equals(topic))) {
                return; // one answer per topic however often an RPC repeats the GRAFT
            }
            // v1.1: a GRAFT during backoff is refused, the backoff restarts and the peer is penalized (P7).
            score.addPenalty(peer.id, 1);
            addBackoff(topic, peer.id, params.pruneBackoff().toMillis());
            prunes.add(prune(topic, peer, params.pruneBackoff().toSeconds(), false));
            return;
        }
        if (score.score(peer.id) < 0) {
            // v1.1: negative-score peers are not accepted into the mesh (and get no PX)
            addBackoff(topic, peer.id, params.pruneBackoff().toMillis());
            if (prunes.stream().noneMatch(p -> p.getTopicID().equals(topic))) {
                prunes.add(prune(topic, peer, params.pruneBackoff().toSeconds(), false));
            }
            return;
        }
        m.add(peer.id);
        score.graft(peer.id, topic);
    }

    private void handlePrune(PeerState peer, ControlPrune prune) {
        String topic = prune.getTopicID();
        Set<PeerId> m = mesh.get(topic);
        if (m == null) {
            return; // backoff for topics we are not in would let PRUNE floods grow our state
        }
        if (m.remove(peer.id)) {
            score.prune(peer.id, topic);
        }
        long backoffSeconds = prune.hasBackoff() ? Math.min(prune.getBackoff(), 3600) : params.pruneBackoff().toSeconds();
        addBackoff(topic, peer.id, backoffSeconds * 1000);
        if (params.acceptPx() && PubsubProtocols.supportsPx(peer.protocol)
                && score.score(peer.id) >= thresholds.acceptPx()) {
            int offered = 0;
            for (PeerInfo info : prune.getPeersList()) {
                if (offered++ >= params.prunePeers()) {
                    break;
                }
                try {
                    PeerId px = PeerId.fromBytes(info.getPeerID().toByteArray());
                    if (!px.equals(localPeer) && !peers.containsKey(px)) {
                        pxDialer.accept(px);
                    }
                } catch (IllegalArgumentException e) {
                    log.debug("bad peer id in PX from {}", peer.id);
                }
            }
        }
    }

    // ---- publishing, joining, leaving ----

    private int publishNow(String topic, byte[] data) {
        Message message = MessageSigning.sign(key, topic, data, seqno++);
        ByteString id = idFunction(topic).id(message);
        PubsubMessage own = new PubsubMessage(topic, data, localPeer, seqnoOf(message), id, localPeer);
        ValidationResult verdict = validate(own);
        if (verdict != ValidationResult.ACCEPT) {
            throw new IllegalArgumentException("our own validator says " + verdict + " for this message on " + topic);
        }
        if (!seen.add(id, System.currentTimeMillis())) {
            throw new IllegalArgumentException("a message with the same id was published or received already");
        }
        mcache.put(id, message);
        Set<PeerId> targets = new HashSet<>();
        for (PeerState p : peers.values()) {
            boolean flood = PubsubProtocols.FLOODSUB.equals(p.protocol) || params.floodPublish() || direct.contains(p.id);
            if (flood && p.topics.contains(topic)
                    && (direct.contains(p.id) || score.score(p.id) >= thresholds.publish())) {
                targets.add(p.id);
            }
        }
        if (subscriptions.containsKey(topic)) {
            targets.addAll(mesh.get(topic));
        } else {
            Set<PeerId> f = fanout.computeIfAbsent(topic, t -> new HashSet<>(pick(meshCandidates(t, Set.of()), params.d())));
            targets.addAll(f);
            fanoutLastPublished.put(topic, System.currentTimeMillis());
        }
        RPC rpc = RPC.newBuilder().addPublish(message).build();
        int sent = 0;
        for (PeerId target : targets) {
            PeerState p = peers.get(target);
            if (p != null && p.send(rpc, SendPriority.PUBLISH, params.maxSendQueue())) {
                sent++;
            }
        }
        stats.published.incrementAndGet();
        metrics.messagePublished(topic);
        if (sent > 0) {
            metrics.messagesSent(topic, sent);
        }
        return sent;
    }

    private void join(String topic, Consumer<PubsubMessage> handler) {
        boolean fresh = subscriptions.put(topic, handler) == null;
        if (!fresh) {
            return;
        }
        RPC announce = RPC.newBuilder().addSubscriptions(subOpts(topic, true)).build();
        peers.values().forEach(p -> p.send(announce, SendPriority.CONTROL, params.maxSendQueue()));
        Set<PeerId> m = new HashSet<>();
        Set<PeerId> f = fanout.remove(topic);
        fanoutLastPublished.remove(topic);
        if (f != null) {
            f.stream().filter(id -> !inBackoff(topic, id) && score.score(id) >= 0).limit(params.d()).forEach(m::add);
        }
        if (m.size() < params.d()) {
            m.addAll(pick(meshCandidates(topic, m), params.d() - m.size()));
        }
        mesh.put(topic, m);
        RPC graft = graftRpc(topic);
        for (PeerId id : m) {
            score.graft(id, topic);
            peers.get(id).send(graft, SendPriority.CONTROL, params.maxSendQueue());
        }
    }

    private void leave(String topic) {
        if (subscriptions.remove(topic) == null) {
            return;
        }
        RPC announce = RPC.newBuilder().addSubscriptions(subOpts(topic, false)).build();
        peers.values().forEach(p -> p.send(announce, SendPriority.CONTROL, params.maxSendQueue()));
        Set<PeerId> m = mesh.remove(topic);
        long backoffSeconds = params.unsubscribeBackoff().toSeconds();
        for (PeerId id : m) {
            score.prune(id, topic);
            PeerState p = peers.get(id);
            if (p != null) {
                p.send(RPC.newBuilder().setControl(ControlMessage.newBuilder()
                                .addPrune(prune(topic, p, backoffSeconds, true))).build(),
                        SendPriority.CONTROL, params.maxSendQueue());
            }
            addBackoff(topic, id, backoffSeconds * 1000);
        }
    }

    // ---- heartbeat ----

    private void heartbeatSafely() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            log.warn("gossipsub heartbeat failed: {}", e.toString(), e);
        }
    }

    private void heartbeat() {
        heartbeats++;
        long now = System.currentTimeMillis();
        score.refreshIfDue();
        promises.broken(now).forEach((peer, count) -> {
            stats.brokenPromises.addAndGet(count);
            score.addPenalty(peer, count);
        });
        Map<PeerId, ControlMessage.Builder> control = new HashMap<>();
        for (Map.Entry<String, Set<PeerId>> entry : mesh.entrySet()) {
            maintainMesh(entry.getKey(), entry.getValue(), control);
        }
        maintainFanout(now);
        emitGossip(control);
        for (Map.Entry<PeerId, ControlMessage.Builder> e : control.entrySet()) {
            PeerState p = peers.get(e.getKey());
            if (p == null) {
                continue;
            }
            ControlMessage c = e.getValue().build();
            SendPriority priority = c.getGraftCount() + c.getPruneCount() > 0 ? SendPriority.CONTROL : SendPriority.GOSSIP;
            p.send(RPC.newBuilder().setControl(c).build(), priority, params.maxSendQueue());
        }
        reportMetrics();
        mcache.shift();
        seen.expire(now);
        for (Iterator<Map<PeerId, Long>> it = backoff.values().iterator(); it.hasNext(); ) {
            Map<PeerId, Long> byPeer = it.next();
            byPeer.values().removeIf(expiry -> expiry + params.heartbeatInterval().toMillis() < now);
            if (byPeer.isEmpty()) {
                it.remove();
            }
        }
        for (PeerState p : peers.values()) {
            p.ihavesThisHeartbeat = 0;
            p.idsAskedThisHeartbeat = 0;
            p.idontwantsThisHeartbeat = 0;
            p.expireDontWant(heartbeats);
        }
    }

    private void reportMetrics() {
        PubsubMetrics m = metrics;
        m.peers(peers.size());
        for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
            int subscribed = 0;
            for (PeerState p : peers.values()) {
                if (p.topics.contains(e.getKey())) {
                    subscribed++;
                }
            }
            m.topicPeers(e.getKey(), e.getValue().size(), subscribed);
        }
    }

    private void maintainMesh(String topic, Set<PeerId> m, Map<PeerId, ControlMessage.Builder> control) {
        Map<PeerId, Double> scores = new HashMap<>();
        for (PeerState p : peers.values()) {
            scores.put(p.id, score.score(p.id));
        }
        for (Iterator<PeerId> it = m.iterator(); it.hasNext(); ) {
            PeerId id = it.next();
            PeerState p = peers.get(id);
            if (p == null || !p.ready() || !p.topics.contains(topic)) {
                it.remove();
                score.prune(id, topic);
            } else if (scores.get(id) < 0) {
                // v1.1: negative-score peers leave the mesh, without PX
                it.remove();
                score.prune(id, topic);
                addBackoff(topic, id, params.pruneBackoff().toMillis());
                control(control, id).addPrune(prune(topic, p, params.pruneBackoff().toSeconds(), false));
            }
        }
        if (m.size() < params.dlo()) {
            for (PeerId id : pick(meshCandidates(topic, m), params.d() - m.size())) {
                graftInHeartbeat(topic, m, id, control);
            }
        }
        if (m.size() > params.dhi()) {
            // Keep the Dscore best, fill up to D at random, and keep at least Dout outbound peers.
            List<PeerId> shuffled = new ArrayList<>(m);
            Collections.shuffle(shuffled, random);
            shuffled.sort(Comparator.comparingDouble((PeerId id) -> scores.get(id)).reversed());
            // Dscore is bounded by D so a small D (tests, D = 1) still shrinks the mesh to D.
            int byScore = Math.min(Math.min(params.dscore(), params.d()), shuffled.size());
            List<PeerId> keep = new ArrayList<>(shuffled.subList(0, byScore));
            List<PeerId> rest = new ArrayList<>(shuffled.subList(keep.size(), shuffled.size()));
            Collections.shuffle(rest, random);
            long keptOutbound = keep.stream().filter(id -> peers.get(id).outboundConnection()).count();
            for (PeerId id : rest) {
                if (keptOutbound < params.dout() && keep.size() < params.d() && peers.get(id).outboundConnection()) {
                    keep.add(id);
                    keptOutbound++;
                }
            }
            for (PeerId id : rest) {
                if (keep.size() < params.d() && !keep.contains(id)) {
                    keep.add(id);
                }
            }
            for (PeerId id : shuffled) {
                if (!keep.contains(id)) {
                    m.remove(id);
                    score.prune(id, topic);
                    addBackoff(topic, id, params.pruneBackoff().toMillis());
                    control(control, id).addPrune(prune(topic, peers.get(id), params.pruneBackoff().toSeconds(), true));
                }
            }
        }
        long outbound = m.stream().filter(id -> peers.get(id).outboundConnection()).count();
        if (m.size() >= params.dlo() && outbound < params.dout()) {
            List<PeerId> candidates = meshCandidates(topic, m).stream()
                    .filter(id -> peers.get(id).outboundConnection()).toList();
            for (PeerId id : pick(candidates, (int) (params.dout() - outbound))) {
                graftInHeartbeat(topic, m, id, control);
            }
        }
        if (heartbeats % params.opportunisticGraftTicks() == 0 && m.size() > 1) {
            // v1.1 opportunistic grafting: a mesh of poor peers (maybe an eclipse) gets a few better ones.
            List<Double> sorted = m.stream().map(scores::get).sorted().toList();
            double median = sorted.get(sorted.size() / 2);
            if (median < thresholds.opportunisticGraft()) {
                List<PeerId> better = meshCandidates(topic, m).stream().filter(id -> scores.get(id) > median).toList();
                for (PeerId id : pick(better, params.opportunisticGraftPeers())) {
                    graftInHeartbeat(topic, m, id, control);
                }
            }
        }
    }

    private void graftInHeartbeat(String topic, Set<PeerId> m, PeerId id, Map<PeerId, ControlMessage.Builder> control) {
        m.add(id);
        score.graft(id, topic);
        control(control, id).addGraft(ControlGraft.newBuilder().setTopicID(topic));
    }

    private void maintainFanout(long now) {
        for (Iterator<Map.Entry<String, Set<PeerId>>> it = fanout.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Set<PeerId>> e = it.next();
            String topic = e.getKey();
            if (fanoutLastPublished.getOrDefault(topic, 0L) + params.fanoutTtl().toMillis() < now) {
                it.remove();
                fanoutLastPublished.remove(topic);
                continue;
            }
            Set<PeerId> f = e.getValue();
            f.removeIf(id -> peers.get(id) == null || !peers.get(id).topics.contains(topic));
            if (f.size() < params.d()) {
                f.addAll(pick(meshCandidates(topic, f), params.d() - f.size()));
            }
        }
    }

    private void emitGossip(Map<PeerId, ControlMessage.Builder> control) {
        Map<String, Set<PeerId>> topics = new LinkedHashMap<>(mesh);
        topics.putAll(fanout);
        for (Map.Entry<String, Set<PeerId>> e : topics.entrySet()) {
            String topic = e.getKey();
            List<ByteString> ids = mcache.gossipIds(topic);
            if (ids.isEmpty()) {
                continue;
            }
            if (ids.size() > params.maxIHaveLength()) {
                ids = new ArrayList<>(ids);
                Collections.shuffle(ids, random);
                ids = ids.subList(0, params.maxIHaveLength());
            }
            List<PeerId> candidates = new ArrayList<>();
            for (PeerState p : peers.values()) {
                if (p.ready() && PubsubProtocols.isMesh(p.protocol) && p.topics.contains(topic)
                        && !direct.contains(p.id) && !e.getValue().contains(p.id)
                        && score.score(p.id) >= thresholds.gossip()) {
                    candidates.add(p.id);
                }
            }
            int target = Math.max(params.dlazy(), (int) (params.gossipFactor() * candidates.size()));
            ControlIHave ihave = ControlIHave.newBuilder().setTopicID(topic).addAllMessageIDs(ids).build();
            for (PeerId id : pick(candidates, target)) {
                control(control, id).addIhave(ihave);
            }
        }
    }

    // ---- helpers ----

    /** Mesh-capable peers subscribed to {@code topic}, not in {@code exclude}, not backing off, score not negative. */
    private List<PeerId> meshCandidates(String topic, Set<PeerId> exclude) {
        List<PeerId> out = new ArrayList<>();
        for (PeerState p : peers.values()) {
            if (p.ready() && PubsubProtocols.isMesh(p.protocol) && p.topics.contains(topic) && !direct.contains(p.id)
                    && !exclude.contains(p.id) && !inBackoff(topic, p.id) && score.score(p.id) >= 0) {
                out.add(p.id);
            }
        }
        return out;
    }

    private List<PeerId> pick(List<PeerId> from, int n) {
        if (n <= 0) {
            return List.of();
        }
        List<PeerId> copy = new ArrayList<>(from);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(n, copy.size()));
    }

    private boolean inBackoff(String topic, PeerId peer) {
        Long expiry = backoff.getOrDefault(topic, Map.of()).get(peer);
        return expiry != null && expiry > System.currentTimeMillis();
    }

    private void addBackoff(String topic, PeerId peer, long millis) {
        long expiry = System.currentTimeMillis() + millis;
        backoff.computeIfAbsent(topic, t -> new HashMap<>()).merge(peer, expiry, Math::max);
    }

    private ControlPrune prune(String topic, PeerState to, long backoffSeconds, boolean withPx) {
        ControlPrune.Builder b = ControlPrune.newBuilder().setTopicID(topic);
        if (!PubsubProtocols.supportsPx(to.protocol)) {
            return b.build();
        }
        b.setBackoff(backoffSeconds);
        if (withPx && params.doPx() && score.score(to.id) >= 0) {
            for (PeerId id : pick(meshCandidates(topic, Set.of(to.id)), params.prunePeers())) {
                b.addPeers(PeerInfo.newBuilder().setPeerID(ByteString.copyFrom(id.toBytes())));
            }
        }
        return b.build();
    }

    private void sendMessages(PeerState peer, List<Message> messages, SendPriority priority) {
        RPC.Builder batch = RPC.newBuilder();
        int size = 0;
        for (Message m : messages) {
            int s = m.getSerializedSize() + 8;
            if (size + s > params.maxRpcSize() && batch.getPublishCount() > 0) {
                sendBatch(peer, batch.build(), priority);
                batch = RPC.newBuilder();
                size = 0;
            }
            batch.addPublish(m);
            size += s;
        }
        if (batch.getPublishCount() > 0) {
            sendBatch(peer, batch.build(), priority);
        }
    }

    private void sendBatch(PeerState peer, RPC batch, SendPriority priority) {
        if (peer.send(batch, priority, params.maxSendQueue())) {
            for (Message m : batch.getPublishList()) {
                metrics.messagesSent(subscriptions.containsKey(m.getTopic()) ? m.getTopic() : null, 1);
            }
        }
    }

    private static ControlMessage.Builder control(Map<PeerId, ControlMessage.Builder> control, PeerId id) {
        return control.computeIfAbsent(id, k -> ControlMessage.newBuilder());
    }

    private static RPC graftRpc(String topic) {
        return RPC.newBuilder().setControl(ControlMessage.newBuilder()
                .addGraft(ControlGraft.newBuilder().setTopicID(topic))).build();
    }

    private static RPC.SubOpts subOpts(String topic, boolean subscribe) {
        return RPC.SubOpts.newBuilder().setSubscribe(subscribe).setTopicid(topic).build();
    }

    /** The connection's remote IP for P6, or null (e.g. a relayed or DNS address). */
    private static InetAddress ipOf(Connection connection) {
        for (Component c : connection.remoteAddress().components()) {
            if (c.protocol() == Protocol.IP4 || c.protocol() == Protocol.IP6) {
                try {
                    return InetAddress.getByAddress(c.value());
                } catch (UnknownHostException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private MessageIdFunction idFunction(String topic) {
        return idFunctions.getOrDefault(topic, MessageIdFunction.FROM_AND_SEQNO);
    }

    private static long seqnoOf(Message message) {
        long v = 0;
        for (byte b : message.getSeqno().toByteArray()) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }

    private static void checkTopic(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic must have 1 to " + MAX_TOPIC_LENGTH + " characters");
        }
    }

    private void post(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("gossipsub task failed: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("router closed; dropping a task");
        }
    }

    /**
     * Hands a verifier's result to the router thread. Results that arrive while one drain task is pending join it:
     * one task and at most one wake-up of the router for a run of verified messages instead of one per message.
     */
    private void postVerified(Runnable result) {
        verified.add(result);
        if (verifiedDrainPosted.compareAndSet(false, true)) {
            post(this::drainVerified);
        }
    }

    private void drainVerified() {
        verifiedDrainPosted.set(false); // before polling: a result added after the last poll posts a new drain
        for (Runnable result; (result = verified.poll()) != null; ) {
            try {
                result.run();
            } catch (RuntimeException e) {
                log.warn("gossipsub task failed: {}", e.toString(), e);
            }
        }
    }

    private <T> T call(Callable<T> query) {
        try {
            return thread.submit(query).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("router query failed: " + e, e);
        }
    }

    /** Stops the heartbeat and closes our outbound streams. */
    @Override
    public void close() {
        try {
            thread.submit(() -> List.copyOf(peers.values()).forEach(this::removePeer)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("while closing the router: {}", e.toString());
        }
        thread.shutdownNow();
        verifier.shutdownNow();
    }
}
