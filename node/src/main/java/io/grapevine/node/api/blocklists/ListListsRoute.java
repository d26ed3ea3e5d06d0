package io.grapevine.node.api.blocklists;

import io.grapevine.node.blocklists.BlocklistService;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;

/** {@code GET /blocklists}: the lists this node knows, followed or not, and its imported denylists. */
final class ListListsRoute implements Handler {
    private final BlocklistService service;

    ListListsRoute(BlocklistService service) {
        this.service = service;
    }

    @Override
    public void handle(Context ctx) {
        ApiJson.send(ctx, 200, Map.of("lists", service.lists().stream().map(v -> BlocklistJson.list(v, false)).toList(),
                "denylists", service.denylists(), "refused", service.refusals().snapshot()));
    }
}
