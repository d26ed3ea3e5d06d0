package io.grapevine.node.api.blocklists;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.blocklist.policy.LocalOverride;
import io.grapevine.node.blocklists.BlocklistService;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code POST /blocking/local}: the owner's own word on a target ({@code action}: allow, block or clear). */
final class LocalRoute implements Handler {
    private final BlocklistService service;

    LocalRoute(BlocklistService service) {
        this.service = service;
    }

    @Override
    public void handle(Context ctx) {
        JsonNode body = BlocklistRequests.body(ctx);
        var target = BlocklistRequests.target(f -> BlocklistRequests.text(body, f));
        String action = BlocklistRequests.requiredText(body, "action");
        LocalOverride o = switch (action) {
            case "allow" -> LocalOverride.ALLOW;
            case "block" -> LocalOverride.BLOCK;
            case "clear" -> LocalOverride.NONE;
            default -> throw BlocklistRequests.badField("action", "allow, block or clear");
        };
        service.setLocal(target, o);
        ApiJson.send(ctx, 200, BlocklistJson.verdict(service.decisions().why(target)));
    }
}
