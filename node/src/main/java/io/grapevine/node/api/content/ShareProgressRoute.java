package io.grapevine.node.api.content;

import io.grapevine.node.api.ApiJson;
import io.grapevine.node.share.ShareProgress;
import io.grapevine.node.share.ShareService;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/shares/progress}: the shares being read and hashed right now (a {@code POST /shares} answers only
 * when its share is stored), so a client can draw a progress bar meanwhile.
 */
final class ShareProgressRoute implements Handler {
    private final ShareService shares;

    ShareProgressRoute(ShareService shares) {
        this.shares = shares;
    }

    @Override
    public void handle(Context ctx) {
        List<Map<String, Object>> list = shares.inProgress().stream().map(p -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("path", p.path().toString());
            o.put("hashedBytes", p.hashedBytes());
            o.put("totalBytes", p.totalBytes() < 0 ? null : p.totalBytes());
            o.put("startedAt", p.startedAt().toString());
            return o;
        }).toList();
        ApiJson.send(ctx, 200, Map.of("shares", list));
    }
}
