package io.grapevine.node.api.web;

import io.grapevine.node.api.ApiError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web UI's files, from {@code web/} on the class path (node's resources). Names are checked against a strict
 * pattern before any lookup, so no request can climb out of that folder.
 */
final class WebAssets {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    private static final int MAX_BYTES = 1 << 20;

    record Asset(byte[] bytes, String contentType) {}

    private WebAssets() {}

    static Optional<Asset> find(String name) {
        if (name == null || name.length() > 200 || !NAME.matcher(name).matches()) return Optional.empty();
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) throw new IllegalStateException("web asset " + name + " is over 1 MiB");
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(bytes, TYPES.get(extension)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web asset " + name, e);
        }
    }

    static Asset require(String name) {
        return find(name).orElseThrow(() -> new ApiError(500, "internal_error", "web UI file " + name + " is missing"));
    }
}
