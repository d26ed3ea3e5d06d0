package io.grapevine.node.api.blocklists;

import io.grapevine.node.blocklists.BlocklistService;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code GET /blocklists/{id}}: a list, its tally per target and its signed definition (to follow elsewhere). */
final class ShowListRoute implements Handler {
    private final BlocklistService service;

    ShowListRoute(BlocklistService service) {
        this.service = service;
    }

    @Override
    public void handle(Context ctx) {
        var id = BlocklistRequests.listId(ctx);
        ApiJson.send(ctx, 200, BlocklistJson.list(BlocklistRequests.call(() -> service.view(id, true)), true));
    }
}
