package io.grapevine.node.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.share.InvalidShareException;
import io.grapevine.node.share.ShareRecord;
import io.grapevine.node.share.ShareRequest;
import io.grapevine.node.share.ShareService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code POST /api/v1/shares} {path, title?, description?, tags?, priceSats?, payout?}: share a local file or folder. */
final class CreateShareRoute implements Handler {
    private final ShareService shares;

    CreateShareRoute(ShareService shares) {
        this.shares = shares;
    }

    @Override
    public void handle(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String path = Requests.text(body, "path");
        if (path == null || path.isBlank()) {
            throw Requests.badField("path", "the file or folder to share is required");
        }
        ShareRecord record;
        try {
            record = shares.share(new ShareRequest(Path.of(path), Requests.text(body, "title"),
                    Requests.text(body, "description"), Requests.texts(body, "tags"), Requests.number(body, "priceSats"),
                    Requests.text(body, "payout")));
        } catch (InvalidShareException e) {
            throw Requests.badField(e.field(), e.getMessage());
        } catch (InvalidPathException e) {
            throw Requests.badField("path", "not a valid path: " + e.getMessage());
        } catch (IOException e) {
            throw new ApiError(422, "share_failed", "cannot share " + path + ": " + e.getMessage());
        }
        ApiJson.send(ctx, 201, ShareJson.of(record));
    }
}
