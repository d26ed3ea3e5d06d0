package io.grapevine.node.interop;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Grapevine {@link Host} on 127.0.0.1 that also serves {@value EchoProtocol#ID} and {@value SinkProtocol#ID}, for
 * interop tests and the bench.
 */
public final class GrapevinePeer implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Host host;

    private GrapevinePeer(Host host) {
        this.host = host;
    }

    public static GrapevinePeer start() throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .build());
        host.setStreamHandler(EchoProtocol.ID, stream -> EchoProtocol.install(stream.channel()));
        host.setStreamHandler(SinkProtocol.ID, stream -> SinkProtocol.install(stream.channel()));
        try {
            host.start();
        } catch (Exception e) {
            host.close();
            throw e;
        }
        return new GrapevinePeer(host);
    }

    public Host host() {
        return host;
    }

    public PeerId peerId() {
        return host.peerId();
    }

    /** The first listen address, with /p2p/. */
    public String addr() {
        return host.listenAddresses().getFirst().toString();
    }

    public Connection dial(String multiaddr) throws Exception {
        return host.dial(Multiaddr.parse(multiaddr)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** One ping on a fresh /ipfs/ping/1.0.0 stream. */
    public Duration ping(PeerId peer) throws Exception {
        return host.ping(peer).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Echoes {@code bytesPerStream} on each of {@code streams} concurrent streams; returns the seconds it took. */
    public double echo(PeerId peer, long bytesPerStream, int streams, Duration timeout) throws Exception {
        long started = System.nanoTime();
        List<CompletableFuture<Long>> done = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            int index = i;
            CompletableFuture<Long> echoed = new CompletableFuture<>();
            done.add(echoed);
            host.newStream(peer, List.of(EchoProtocol.ID), stream -> EchoClient.start(stream.channel(), bytesPerStream, index)
                            .whenComplete((n, e) -> {
                                if (e != null) {
                                    echoed.completeExceptionally(e);
                                } else {
                                    echoed.complete(n);
                                }
                            }))
                    .exceptionally(e -> {
                        echoed.completeExceptionally(e);
                        return null;
                    });
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Sends {@code bytes} one way on one {@value SinkProtocol#ID} stream and checks the sink's count and CRC-32;
     * returns the seconds from the first byte written to the verified reply.
     */
    public double sink(PeerId peer, long bytes, Duration timeout) throws Exception {
        CompletableFuture<Long> nanos = new CompletableFuture<>();
        host.newStream(peer, List.of(SinkProtocol.ID), stream -> SinkClient.start(stream.channel(), bytes, 0)
                        .whenComplete((n, e) -> {
                            if (e != null) {
                                nanos.completeExceptionally(e);
                            } else {
                                nanos.complete(n);
                            }
                        }))
                .exceptionally(e -> {
                    nanos.completeExceptionally(e);
                    return null;
                });
        return nanos.get(timeout.toMillis(), TimeUnit.MILLISECONDS) / 1e9;
    }

    @Override
    public void close() {
        host.close();
    }
}
