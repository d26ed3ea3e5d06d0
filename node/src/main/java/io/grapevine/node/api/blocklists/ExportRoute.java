package io.grapevine.node.api.blocklists;

import io.grapevine.blocklist.denylist.DenylistExport;
import io.grapevine.blocklist.denylist.DenylistHeader;
import io.grapevine.blocklist.denylist.DenylistWriter;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.node.blocklists.BlocklistService;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /blocking/export[?list=ID][&doubleHash=true]}: what this node blocks (or one list blocks) as an IPIP-383
 * compact denylist, text/plain, for Kubo and other Grapevine nodes.
 */
final class ExportRoute implements Handler {
    private final BlocklistService service;

    ExportRoute(BlocklistService service) {
        this.service = service;
    }

    @Override
    public void handle(Context ctx) {
        String list = ctx.queryParam("list");
        Set<Target> targets;
        String name;
        if (list != null) {
            ListId id;
            try {
                id = ListId.parse(list);
            } catch (IllegalArgumentException e) {
                throw BlocklistRequests.badField("list", "a list id is 64 hex characters");
            }
            targets = BlocklistRequests.call(() -> service.blockedBy(id));
            name = service.definition(id).name();
        } else {
            targets = service.blockedTargets();
            name = "grapevine";
        }
        boolean doubleHash = "true".equals(ctx.queryParam("doubleHash"));
        DenylistHeader header = new DenylistHeader(1, name, "exported by a Grapevine node", "", Map.of(), Map.of());
        DenylistExport.Result r = DenylistExport.export(header, targets, doubleHash);
        ctx.header("X-Grapevine-Skipped", Integer.toString(r.skipped().size()));
        StringWriter out = new StringWriter();
        try {
            DenylistWriter.write(r.denylist(), out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        ctx.status(200).contentType("text/plain; charset=utf-8").result(out.toString());
    }
}
