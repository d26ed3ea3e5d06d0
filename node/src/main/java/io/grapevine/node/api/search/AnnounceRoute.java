package io.grapevine.node.api.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.announce.AnnounceFormatException;
import io.grapevine.node.announce.AnnouncementDraft;
import io.grapevine.node.announce.SharedItems;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.multiformats.Cid;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/v1/announcements}: announces content already stored on this node, body
 * {@code {"contentId":..., "title":..., "description":..., "tags":[...], "priceSats":0, "payout":""}}. Files and sizes
 * come from the stored manifest. Answers 201 with the announcement once it is stamped, stored and published.
 */
final class AnnounceRoute implements Handler {
    private static final long STAMP_TIMEOUT_SECONDS = 300;

    private final AnnounceFeature feature;

    AnnounceRoute(AnnounceFeature feature) {
        this.feature = feature;
    }

    @Override
    public void handle(Context ctx) {
        Map<?, ?> body;
        try {
            body = ApiJson.MAPPER.readValue(ctx.body(), Map.class);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "bad_request", "body is not a JSON object: " + e.getOriginalMessage());
        }
        if (!(body.get("contentId") instanceof String text)) throw Params.bad("contentId", "missing");
        Cid id = Params.contentId(text);
        ContentManifest manifest = feature.manifests().load(id);
        if (manifest == null) throw new ApiError(404, "not_found", "content " + id + " is not stored on this node");
        String title = body.get("title") instanceof String t ? t : null;
        if (title == null || title.isBlank()) throw Params.bad("title", "missing");
        String description = body.get("description") instanceof String d ? d : "";
        List<String> tags = Params.strings(body.get("tags"), "tags");
        long price = body.get("priceSats") instanceof Number n ? n.longValue() : 0;
        String payout = body.get("payout") instanceof String p ? p : "";
        AnnouncementDraft draft = SharedItems.draft(manifest, title, description, tags, price, payout);
        Announcement announced;
        try {
            announced = feature.service().announce(draft).get(STAMP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AnnounceFormatException bad) throw new ApiError(400, "bad_announcement", bad.getMessage());
            throw new ApiError(500, "internal_error", "announcing failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ApiError(503, "busy", "stamping took longer than " + STAMP_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "busy", "interrupted");
        }
        ApiJson.send(ctx, 201, AnnouncementJson.of(announced, feature.providers().providers(id)));
    }
}
