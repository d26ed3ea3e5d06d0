package io.grapevine.node.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.content.FileNames;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.daemon.ContentFeature;
import io.grapevine.node.download.Download;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/downloads} {contentId, from?: [multiaddr], out?: subfolder}: starts a download into the node's
 * download folder (or a subfolder of it; a name that would leave it is refused). Providers: {@code from}, then what
 * the node's provider sources know.
 */
final class StartDownloadRoute implements Handler {
    static final int MAX_FROM = 64;

    private final ContentFeature content;

    StartDownloadRoute(ContentFeature content) {
        this.content = content;
    }

    @Override
    public void handle(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Cid id = Requests.contentId(Requests.text(body, "contentId"), "contentId");
        content.refusal(id).ifPresent(reason -> {
            throw new ApiError(403, "blocked", reason + " (allow it locally to download it anyway)");
        });
        List<String> from = Requests.texts(body, "from");
        if (from.size() > MAX_FROM) {
            throw Requests.badField("from", "at most " + MAX_FROM + " addresses");
        }
        List<Multiaddr> explicit = new ArrayList<>();
        for (String text : from) {
            Multiaddr address;
            try {
                address = Multiaddr.parse(text);
            } catch (RuntimeException e) {
                throw Requests.badField("from", "bad multiaddr '" + text + "': " + e.getMessage());
            }
            if (address.peerId().isEmpty()) {
                throw Requests.badField("from", "'" + text + "' needs a /p2p/<peer-id> part");
            }
            explicit.add(address);
        }
        Path folder = content.downloadFolder();
        String out = Requests.text(body, "out");
        if (out != null && !out.isBlank()) {
            try {
                folder = folder.resolve(FileNames.validate(out.strip())).normalize();
            } catch (InvalidContentException e) {
                throw Requests.badField("out", e.getMessage());
            }
            if (!folder.startsWith(content.downloadFolder())) {
                throw Requests.badField("out", "'" + out + "' leaves the download folder");
            }
        }
        List<Multiaddr> providers = content.providers(id, explicit);
        if (providers.isEmpty()) {
            throw Requests.badField("from", "no provider known for " + id + "; give one with from");
        }
        Download d;
        try {
            d = content.downloads().start(id, providers, folder);
        } catch (IllegalStateException e) {
            throw new ApiError(409, "conflict", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw Requests.badField("out", e.getMessage());
        }
        ApiJson.send(ctx, 201, DownloadJson.of(d));
    }
}
