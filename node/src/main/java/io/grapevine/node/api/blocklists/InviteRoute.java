package io.grapevine.node.api.blocklists;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.blocklists.BlocklistFeature;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;

/** {@code POST /blocklists/{id}/members}: invites {@code member} (a peer id) to a members-only list. */
final class InviteRoute implements Handler {
    private final BlocklistFeature feature;

    InviteRoute(BlocklistFeature feature) {
        this.feature = feature;
    }

    @Override
    public void handle(Context ctx) {
        var id = BlocklistRequests.listId(ctx);
        JsonNode body = BlocklistRequests.body(ctx);
        byte[] member = BlocklistRequests.publisherKey(BlocklistRequests.requiredText(body, "member"), "member");
        BlocklistRequests.call(() -> feature.invite(id, member));
        ApiJson.send(ctx, 201, Map.of("list", id.toString(), "member", BlocklistJson.key(member)));
    }
}
