package io.grapevine.node.api.blocklists;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.VoteAction;
import io.grapevine.node.blocklists.BlocklistFeature;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;

/** {@code POST /blocklists/{id}/votes}: this node votes (signed, stamped on open lists) and gossips the vote. */
final class VoteRoute implements Handler {
    private final BlocklistFeature feature;

    VoteRoute(BlocklistFeature feature) {
        this.feature = feature;
    }

    @Override
    public void handle(Context ctx) {
        var id = BlocklistRequests.listId(ctx);
        JsonNode body = BlocklistRequests.body(ctx);
        Target target = BlocklistRequests.target(f -> BlocklistRequests.text(body, f));
        String actionText = BlocklistRequests.text(body, "action");
        VoteAction action = switch (actionText == null ? "block" : actionText) {
            case "block" -> VoteAction.BLOCK;
            case "unblock" -> VoteAction.UNBLOCK;
            default -> throw BlocklistRequests.badField("action", "block or unblock");
        };
        String reason = BlocklistRequests.requiredText(body, "reason");
        BlocklistRequests.call(() -> feature.vote(id, target, action, reason));
        Map<String, Object> out = BlocklistJson.verdict(feature.decisions().why(target));
        ApiJson.send(ctx, 201, out);
    }
}
