package io.grapevine.node.p2p.identify;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.identity.PublicKeys;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.identify.proto.Identify;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Converts between {@link IdentifyInfo} and the Identify protobuf. */
final class IdentifyCodec {
    private static final Logger LOG = LoggerFactory.getLogger(IdentifyCodec.class);

    private IdentifyCodec() {
    }

    static Identify encode(IdentifyInfo info) {
        Identify.Builder b = Identify.newBuilder();
        if (info.protocolVersion() != null) {
            b.setProtocolVersion(info.protocolVersion());
        }
        if (info.agentVersion() != null) {
            b.setAgentVersion(info.agentVersion());
        }
        if (info.publicKey() != null) {
            b.setPublicKey(ByteString.copyFrom(info.publicKey().marshal()));
        }
        for (Multiaddr a : info.listenAddrs()) {
            b.addListenAddrs(ByteString.copyFrom(a.toBytes()));
        }
        if (info.observedAddr() != null) {
            b.setObservedAddr(ByteString.copyFrom(info.observedAddr().toBytes()));
        }
        b.addAllProtocols(info.protocols());
        return b.build();
    }

    /**
     * A key that does not decode fails the message, since the identity check depends on it; addresses in
     * protocols this node does not know are skipped, as peers advertise transports we lack.
     */
    static IdentifyInfo decode(Identify message) throws IdentifyException {
        PublicKey key = null;
        if (message.hasPublicKey()) {
            try {
                key = PublicKeys.unmarshal(message.getPublicKey().toByteArray());
            } catch (IllegalArgumentException e) {
                throw new IdentifyException("invalid public key in Identify: " + e.getMessage(), e);
            }
        }
        List<Multiaddr> listen = new ArrayList<>();
        for (ByteString bytes : message.getListenAddrsList()) {
            parse(bytes, "listen").ifPresent(listen::add);
        }
        Multiaddr observed = message.hasObservedAddr() ? parse(message.getObservedAddr(), "observed").orElse(null) : null;
        return new IdentifyInfo(
                message.hasProtocolVersion() ? message.getProtocolVersion() : null,
                message.hasAgentVersion() ? message.getAgentVersion() : null,
                key, listen, observed, message.getProtocolsList());
    }

    private static Optional<Multiaddr> parse(ByteString bytes, String what) {
        try {
            return Optional.of(Multiaddr.fromBytes(bytes.toByteArray()));
        } catch (IllegalArgumentException e) {
            LOG.debug("skipping {} address in Identify: {}", what, e.getMessage());
            return Optional.empty();
        }
    }
}
