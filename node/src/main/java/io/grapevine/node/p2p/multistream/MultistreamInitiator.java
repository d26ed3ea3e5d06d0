package io.grapevine.node.p2p.multistream;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.List;

/** The proposing side: header plus first proposal in one write, then the next proposal after each "na". */
public final class MultistreamInitiator extends MultistreamSelect {
    private final List<String> protocols;
    private int proposal;

    MultistreamInitiator(List<String> protocols, Duration timeout) {
        super(timeout);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("at least one protocol to propose");
        }
        this.protocols = List.copyOf(protocols);
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        send(ctx, MultistreamMessage.encode(ctx.alloc(), PROTOCOL_ID, protocols.getFirst()));
    }

    @Override
    String onMessage(ChannelHandlerContext ctx, String message) throws MultistreamException {
        String proposed = protocols.get(proposal);
        if (proposed.equals(message)) {
            return proposed;
        }
        if (!NOT_AVAILABLE.equals(message)) {
            throw new MultistreamException("remote answered " + quote(message) + " to proposal " + quote(proposed));
        }
        proposal++;
        if (proposal == protocols.size()) {
            throw new MultistreamException("remote supports none of " + protocols);
        }
        send(ctx, MultistreamMessage.encode(ctx.alloc(), protocols.get(proposal)));
        return null;
    }
}
