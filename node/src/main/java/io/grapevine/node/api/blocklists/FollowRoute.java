package io.grapevine.node.api.blocklists;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.node.blocklists.BlocklistService;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Base64;

/**
 * {@code POST /blocklists/{id}/follow}: follows a list, optionally with a local threshold ({@code minVotes},
 * {@code fraction}). A list this node does not know yet is given as its signed {@code definition} (base64, from the
 * {@code GET /blocklists/{id}} of a node that has it).
 */
final class FollowRoute implements Handler {
    private final BlocklistService service;

    FollowRoute(BlocklistService service) {
        this.service = service;
    }

    @Override
    public void handle(Context ctx) {
        var id = BlocklistRequests.listId(ctx);
        JsonNode body = BlocklistRequests.body(ctx);
        String definition = BlocklistRequests.text(body, "definition");
        var rule = BlocklistRequests.rule(body);
        if (definition != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(definition.strip());
            } catch (IllegalArgumentException e) {
                throw BlocklistRequests.badField("definition", "not base64");
            }
            ListDefinition d = BlocklistRequests.call(() -> service.addList(bytes));
            if (!d.id().equals(id)) {
                throw BlocklistRequests.badField("definition", "this definition is of list " + d.id() + ", not " + id);
            }
        }
        BlocklistRequests.call(() -> {
            service.follow(id, rule);
            return null;
        });
        ApiJson.send(ctx, 200, BlocklistJson.list(service.view(id, false), false));
    }
}
