package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code grapevine share PATH}: the running node chunks and stores the file or folder, then prints its content id. */
@Command(name = "share", description = "Share a file or folder through the running node; prints its content id.")
final class ShareCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Parameters(paramLabel = "PATH", description = "The file or folder to share.")
    Path path;

    @Option(names = "--title", paramLabel = "T", description = "Title (default: the file or folder name).")
    String title;

    @Option(names = "--description", paramLabel = "D", description = "Description.")
    String description;

    @Option(names = "--tag", paramLabel = "T", description = "A tag; repeat for more.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--price-sats", paramLabel = "N", description = "Price in satoshis (needs --payout).")
    Long priceSats;

    @Option(names = "--payout", paramLabel = "XPUB_OR_ADDRESS", description = "Where payments go (needs --price-sats).")
    String payout;

    @Option(names = "--json", description = "Print the API's JSON instead of the content id.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        Map<String, Object> body = new LinkedHashMap<>();
        // The node resolves the path, possibly from another folder: send it absolute.
        body.put("path", path.toAbsolutePath().normalize().toString());
        if (title != null) body.put("title", title);
        if (description != null) body.put("description", description);
        if (!tags.isEmpty()) body.put("tags", tags);
        if (priceSats != null) body.put("priceSats", priceSats);
        if (payout != null) body.put("payout", payout);
        // Sharing hashes and stores every byte before the node answers: allow hours for a large folder.
        JsonNode share = ApiClient.forHome(nodeHome).post("shares", body, nodeHome, Duration.ofHours(12));
        System.out.println(json ? share.toString() : share.path("contentId").asText());
        return 0;
    }
}
