package io.grapevine.node.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.daemon.ContentFeature;
import io.grapevine.node.transfer.TransferSettings;
import io.grapevine.node.transfer.TransferSettings.RateLimits;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code PUT /api/v1/settings}: changes transfer settings at once and saves them in config.json. Fields left out keep
 * their value; unknown fields and bad values are 400s that name the field.
 */
final class PutSettingsRoute implements Handler {
    private static final Set<String> TOP = Set.of("rateLimits", "maxUploads", "quotaBytes");
    private static final Set<String> RATES = Set.of("uploadBytesPerSecond", "downloadBytesPerSecond",
            "perPeerUploadBytesPerSecond", "perPeerDownloadBytesPerSecond");

    private final ContentFeature content;

    PutSettingsRoute(ContentFeature content) {
        this.content = content;
    }

    @Override
    public void handle(Context ctx) {
        JsonNode body = Requests.body(ctx);
        unknown(body, TOP, "");
        TransferSettings next;
        try {
            next = merge(body, content.settings());
        } catch (TransferSettings.InvalidSettingException e) {
            throw Requests.badField(e.field(), e.getMessage());
        }
        try {
            content.updateSettings(next);
        } catch (IOException e) {
            throw new ApiError(500, "config_not_saved", "settings applied but not saved: " + e.getMessage());
        }
        ApiJson.send(ctx, 200, next);
    }

    private static TransferSettings merge(JsonNode body, TransferSettings now) {
        RateLimits r = now.rateLimits();
        JsonNode rates = body.get("rateLimits");
        if (rates != null && !rates.isNull()) {
            if (!rates.isObject()) {
                throw Requests.badField("rateLimits", "must be an object");
            }
            unknown(rates, RATES, "rateLimits.");
            r = new RateLimits(
                    rate(rates, "uploadBytesPerSecond", r.uploadBytesPerSecond()),
                    rate(rates, "downloadBytesPerSecond", r.downloadBytesPerSecond()),
                    rate(rates, "perPeerUploadBytesPerSecond", r.perPeerUploadBytesPerSecond()),
                    rate(rates, "perPeerDownloadBytesPerSecond", r.perPeerDownloadBytesPerSecond()));
        }
        Long maxUploads = Requests.number(body, "maxUploads");
        Long quota = Requests.number(body, "quotaBytes");
        if (maxUploads != null && (maxUploads < Integer.MIN_VALUE || maxUploads > Integer.MAX_VALUE)) {
            throw Requests.badField("maxUploads", "out of range");
        }
        return new TransferSettings(r, maxUploads == null ? now.maxUploads() : maxUploads.intValue(),
                quota == null ? now.quotaBytes() : quota);
    }

    private static long rate(JsonNode rates, String field, long current) {
        try {
            Long v = Requests.number(rates, field);
            return v == null ? current : v;
        } catch (ApiError e) {
            throw Requests.badField("rateLimits." + field, "must be an integer");
        }
    }

    private static void unknown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw Requests.badField(prefix + name, "unknown setting");
            }
        }
    }
}
