package io.grapevine.node.api.blocklists;

import io.grapevine.node.blocklists.BlockDecisions;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code GET /blocking/why?content=ID} or {@code ?publisher=PEER}: the decision and every reason behind it. */
final class WhyRoute implements Handler {
    private final BlockDecisions decisions;

    WhyRoute(BlockDecisions decisions) {
        this.decisions = decisions;
    }

    @Override
    public void handle(Context ctx) {
        var target = BlocklistRequests.target(ctx::queryParam);
        ApiJson.send(ctx, 200, BlocklistJson.verdict(decisions.why(target)));
    }
}
