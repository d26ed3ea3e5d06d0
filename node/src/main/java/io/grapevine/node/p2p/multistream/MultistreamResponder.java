package io.grapevine.node.p2p.multistream;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The answering side: sends the header at once, echoes a supported proposal, "na" otherwise, lists on "ls". */
public final class MultistreamResponder extends MultistreamSelect {
    /** Refusals tolerated before giving up on the remote; honest peers propose a handful at most. */
    static final int MAX_PROPOSALS = 32;
    static final String LIST = "ls";

    private final Predicate<String> supported;
    private final Supplier<? extends Collection<String>> listing;
    private int proposals;

    MultistreamResponder(Predicate<String> supported, Supplier<? extends Collection<String>> listing, Duration timeout) {
        super(timeout);
        this.supported = supported;
        this.listing = listing;
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        send(ctx, MultistreamMessage.encode(ctx.alloc(), PROTOCOL_ID));
    }

    @Override
    String onMessage(ChannelHandlerContext ctx, String message) throws MultistreamException {
        if (++proposals > MAX_PROPOSALS) {
            throw new MultistreamException("remote made more than " + MAX_PROPOSALS + " proposals");
        }
        if (LIST.equals(message)) {
            send(ctx, MultistreamMessage.encodeList(ctx.alloc(), listing.get()));
            return null;
        }
        if (!NOT_AVAILABLE.equals(message) && supported.test(message)) {
            send(ctx, MultistreamMessage.encode(ctx.alloc(), message));
            return message;
        }
        send(ctx, MultistreamMessage.encode(ctx.alloc(), NOT_AVAILABLE));
        return null;
    }
}
