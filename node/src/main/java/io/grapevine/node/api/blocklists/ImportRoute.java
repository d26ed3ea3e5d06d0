package io.grapevine.node.api.blocklists;

import io.grapevine.node.blocklists.BlocklistService;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;

/**
 * {@code POST /blocking/import?name=NAME}: the body is an IPIP-383 compact denylist (text); it is parsed strictly
 * (400 with the bad line), stored and applied beside the followed lists. Local allows still win.
 */
final class ImportRoute implements Handler {
    private final BlocklistService service;

    ImportRoute(BlocklistService service) {
        this.service = service;
    }

    @Override
    public void handle(Context ctx) {
        String name = ctx.queryParam("name");
        if (name == null || name.isBlank()) {
            throw BlocklistRequests.badField("name", "the query parameter name is required");
        }
        int rules = BlocklistRequests.call(() -> service.importDenylist(name, ctx.body()));
        ApiJson.send(ctx, 201, Map.of("name", name, "rules", rules));
    }
}
