package io.grapevine.node.p2p.host;

import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.identify.IdentifyInfo;
import io.grapevine.node.p2p.identify.IdentifyRequester;
import io.grapevine.node.p2p.identify.IdentifyResponder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identify on every connection: asks the remote who it is (agent, protocols, listen addresses, into the peer store,
 * plus the address it sees us at), answers the same question, and accepts identify/push updates.
 */
final class IdentifyService {
    /** Observed addresses kept; peers behind one NAT report the same few, a flood is hostile. */
    static final int MAX_OBSERVED = 16;

    private static final Logger log = LoggerFactory.getLogger(IdentifyService.class);

    private final Supplier<IdentifyInfo> localInfo;
    private final PeerStore peerStore;
    private final Duration timeout;
    private final LinkedHashSet<Multiaddr> observed = new LinkedHashSet<>();

    IdentifyService(Supplier<IdentifyInfo> localInfo, PeerStore peerStore, Duration timeout) {
        this.localInfo = localInfo;
        this.peerStore = peerStore;
        this.timeout = timeout;
    }

    /** Serves {@code /ipfs/id/1.0.0}: sends our info, with the remote's address as we see it. */
    StreamHandler responder() {
        return stream -> stream.channel().pipeline().addLast(
                new IdentifyResponder(localInfo, stream.connection().remoteAddress(), timeout));
    }

    /** Serves {@code /ipfs/id/push/1.0.0}: reads the remote's updated info. */
    StreamHandler pushReceiver() {
        return stream -> {
            IdentifyRequester requester = new IdentifyRequester(stream.remotePeer(), timeout);
            stream.channel().pipeline().addLast(requester);
            requester.result().thenAccept(info -> record(stream.connection(), info));
        };
    }

    /** Asks the remote of {@code connection} for its info and records it. */
    CompletableFuture<IdentifyInfo> identify(Connection connection) {
        CompletableFuture<IdentifyInfo> result = new CompletableFuture<>();
        connection.newStream(List.of(IdentifyInfo.PROTOCOL_ID), stream -> {
            IdentifyRequester requester = new IdentifyRequester(connection.remotePeer(), timeout);
            stream.channel().pipeline().addLast(requester);
            requester.result().whenComplete((info, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    record(connection, info);
                    result.complete(info);
                }
            });
        }).exceptionally(error -> {
            result.completeExceptionally(error);
            return null;
        });
        return result.whenComplete((info, error) -> {
            if (error != null) {
                log.debug("identify of {} failed: {}", connection.remotePeer(), Host.rootMessage(error));
            }
        });
    }

    private void record(Connection connection, IdentifyInfo info) {
        peerStore.recordIdentify(connection.remotePeer(), info.agentVersion(), info.protocols(), info.listenAddrs());
        if (info.observedAddr() != null) {
            synchronized (observed) {
                observed.remove(info.observedAddr());
                observed.add(info.observedAddr());
                if (observed.size() > MAX_OBSERVED) {
                    observed.remove(observed.iterator().next());
                }
            }
        }
    }

    /** Addresses remotes told us they see us at, most recent last. */
    List<Multiaddr> observedAddresses() {
        synchronized (observed) {
            return new ArrayList<>(observed);
        }
    }
}
