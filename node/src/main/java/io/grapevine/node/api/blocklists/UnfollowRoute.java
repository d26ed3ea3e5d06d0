package io.grapevine.node.api.blocklists;

import io.grapevine.node.blocklists.BlocklistService;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code POST /blocklists/{id}/unfollow}: stops following (and gossiping) a list; it stays known. */
final class UnfollowRoute implements Handler {
    private final BlocklistService service;

    UnfollowRoute(BlocklistService service) {
        this.service = service;
    }

    @Override
    public void handle(Context ctx) {
        var id = BlocklistRequests.listId(ctx);
        BlocklistRequests.call(() -> {
            service.unfollow(id);
            return null;
        });
        ApiJson.send(ctx, 200, BlocklistJson.list(service.view(id, false), false));
    }
}
