package io.grapevine.node.sync;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.ConnectionListener;
import io.grapevine.node.p2p.host.Direction;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.Stream;
import io.grapevine.node.sync.proto.SyncMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /grapevine/sync/1} on a host: serves the registered sets to peers and reconciles them with peers on demand
 * ({@link #sync}) or when we dial a peer ({@link #syncOnConnect}). Each session runs on its own virtual thread.
 */
public final class SyncService implements AutoCloseable {
    public static final String PROTOCOL_ID = "/grapevine/sync/1";
    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    private final Host host;
    private final SyncConfig config;
    private final Map<String, SyncStore> stores = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> onConnect = new ConcurrentHashMap<>();
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    /** Sessions we started through {@link #syncIfIdle}: at most one per peer and set. */
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inbound = new AtomicInteger();
    private final ExecutorService sessions = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("grapevine-sync-", 0).factory());
    private volatile Consumer<SyncResult> onResult = r -> { };
    private volatile boolean closed;

    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void opened(Connection connection) {
            // the dialler starts, so two peers that connect do not both run the same session
            if (connection.direction() == Direction.OUTBOUND) {
                onConnect.forEach((set, slots) -> autoSync(connection.remotePeer(), set, slots));
            }
        }
    };

    public SyncService(Host host, SyncConfig config) {
        this.host = host;
        this.config = config;
    }

    /** Serves (and allows syncing) {@code store} under {@code set} (e.g. "announce", "votes/&lt;list-id&gt;"). */
    public void addSet(String set, SyncStore store) {
        if (set.isEmpty() || set.length() > SyncConfig.MAX_SET_NAME) {
            throw new IllegalArgumentException("set name must have 1 to " + SyncConfig.MAX_SET_NAME + " chars");
        }
        stores.put(set, store);
    }

    /** Registers the protocol handler and the connection hook on the host. */
    public void register() {
        host.setStreamHandler(PROTOCOL_ID, this::serve);
        host.addConnectionListener(listener);
    }

    /**
     * Syncs {@code set} with each peer we dial from now on, at most {@code maxConcurrent} sessions of it at once
     * (a connection that finds no free slot is skipped: the set will catch up from the others).
     */
    public void syncOnConnect(String set, int maxConcurrent) {
        onConnect.put(set, new Semaphore(maxConcurrent));
    }

    /** Told about every finished session (ours and the peers'), on the session's thread. */
    public void onResult(Consumer<SyncResult> consumer) {
        this.onResult = consumer;
    }

    /** Reconciles {@code set} with {@code peer} (dialling it if needed). Cancelling the future ends the session. */
    public CompletableFuture<SyncResult> sync(PeerId peer, String set) {
        SyncStore store = stores.get(set);
        if (store == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown set " + set));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("sync service closed"));
        }
        CompletableFuture<SyncResult> result = new CompletableFuture<>();
        AtomicReference<SyncInbox> inbox = new AtomicReference<>();
        host.newStream(peer, List.of(PROTOCOL_ID), s -> inbox.set(SyncSession.install(s.channel(), config, false)))
                .whenComplete((stream, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else if (result.isDone() || closed) {
                        stream.close();
                        result.cancel(false);
                    } else {
                        start(stream, () -> new SyncSession(stream, inbox.get(), config, true).initiate(set, store),
                                result);
                    }
                });
        return result;
    }

    /**
     * {@link #sync}, unless a session of {@code set} with {@code peer} that we started this way (on connect or
     * periodically) is still running: then empty, and nothing is started.
     */
    public Optional<CompletableFuture<SyncResult>> syncIfIdle(PeerId peer, String set) {
        Running key = new Running(peer, set);
        if (!running.add(key)) {
            return Optional.empty();
        }
        CompletableFuture<SyncResult> result = sync(peer, set);
        result.whenComplete((r, e) -> running.remove(key));
        return Optional.of(result);
    }

    private record Running(PeerId peer, String set) {}

    private void serve(Stream stream) {
        if (closed || inbound.incrementAndGet() > config.maxInboundSessions()) {
            inbound.decrementAndGet();
            refuse(stream);
            return;
        }
        SyncInbox inbox = SyncSession.install(stream.channel(), config, true);
        CompletableFuture<SyncResult> result = new CompletableFuture<>();
        result.whenComplete((r, e) -> inbound.decrementAndGet());
        start(stream, () -> new SyncSession(stream, inbox, config, false).respond(stores::get), result);
    }

    private void refuse(Stream stream) {
        byte[] body = SyncMessage.newBuilder().setError("busy").build().toByteArray();
        stream.channel().writeAndFlush(stream.channel().alloc().buffer().writeByte(body.length).writeBytes(body))
                .addListener(f -> stream.close());
    }

    private interface SessionBody {
        SyncResult run() throws Exception;
    }

    private void start(Stream stream, SessionBody body, CompletableFuture<SyncResult> result) {
        open.add(stream);
        try {
            var task = sessions.submit(() -> {
                try {
                    SyncResult r = body.run();
                    result.complete(r);
                    onResult.accept(r);
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    open.remove(stream);
                    stream.close();
                }
            });
            // cancelling the caller's future stops the session: its thread is interrupted and the stream closed
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    task.cancel(true);
                    stream.close();
                }
            });
        } catch (RuntimeException rejected) {
            open.remove(stream);
            stream.close();
            result.completeExceptionally(rejected);
        }
    }

    private void autoSync(PeerId peer, String set, Semaphore slots) {
        if (closed || !slots.tryAcquire()) {
            return;
        }
        Optional<CompletableFuture<SyncResult>> session = syncIfIdle(peer, set);
        if (session.isEmpty()) {
            slots.release();
            return;
        }
        session.get().whenComplete((r, e) -> {
            slots.release();
            if (e != null) {
                log.debug("sync of {} with {} on connect failed: {}", set, peer, e.toString());
            } else {
                log.info("synced {} with {}: {} new, {} sent, {} bytes in, {} out, {} rounds", set, peer, r.received(),
                        r.sent(), r.bytesIn(), r.bytesOut(), r.rounds());
            }
        });
    }

    /** Stops serving, ends running sessions and waits briefly for their threads. Not on an event loop. */
    @Override
    public void close() {
        closed = true;
        host.removeConnectionListener(listener);
        host.removeStreamHandler(PROTOCOL_ID);
        open.forEach(Stream::close);
        sessions.shutdownNow();
        try {
            sessions.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
