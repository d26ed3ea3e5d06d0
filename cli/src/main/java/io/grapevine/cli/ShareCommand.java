package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code grapevine share PATH}: the running node chunks and stores the file or folder, then prints its content id. */
@Command(name = "share", description = "Share a file or folder through the running node; prints its content id.")
final class ShareCommand implements Callable<Integer> {
    private static final long POLL_MS = 500;
    private static final long PLAIN_EVERY_MS = 2000;


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
        ApiClient api = ApiClient.forHome(nodeHome);
        // Sharing hashes and stores every byte before the node answers: allow hours for a large folder, and show the
        // node's progress meanwhile (on stderr, so stdout stays the content id or the JSON).
        CompletableFuture<JsonNode> shared = CompletableFuture.supplyAsync(
                () -> api.post("shares", body, nodeHome, Duration.ofHours(12)));
        if (!json) showProgress(api, nodeHome, (String) body.get("path"), shared);
        JsonNode share;
        try {
            share = shared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
        System.out.println(json ? share.toString() : share.path("contentId").asText());
        return 0;
    }

    /** Polls the node's in-progress shares until ours is done: a line rewritten on a terminal, a line a while else. */
    private static void showProgress(ApiClient api, NodeHome home, String path, CompletableFuture<JsonNode> done) {
        boolean terminal = System.console() != null;
        PrintStream err = System.err;
        long started = System.nanoTime();
        long lastPlain = 0;
        boolean drawn = false;
        while (!done.isDone()) {
            try {
                done.get(POLL_MS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                // still sharing: draw progress
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                break;
            }
            JsonNode mine = null;
            try {
                for (JsonNode s : api.get("shares/progress", home).path("shares")) {
                    if (s.path("path").asText().equals(path)) mine = s;
                }
            } catch (ApiClient.Failure e) {
                continue; // a node without the route or a hiccup: the share itself still reports
            }
            if (mine == null) continue;
            String line = line(mine, (System.nanoTime() - started) / 1e9);
            long now = System.currentTimeMillis();
            if (terminal) {
                err.print("\r" + line + "\033[K");
                err.flush();
                drawn = true;
            } else if (now - lastPlain >= PLAIN_EVERY_MS) {
                err.println(line);
                lastPlain = now;
            }
        }
        if (drawn) err.println();
    }

    static String line(JsonNode progress, double seconds) {
        long hashed = progress.path("hashedBytes").asLong();
        JsonNode total = progress.path("totalBytes");
        String percent = total.isNumber() && total.asLong() > 0
                ? String.format(Locale.ROOT, "%5.1f%%", 100.0 * hashed / total.asLong()) : "  ?  ";
        long rate = seconds > 0 ? (long) (hashed / seconds) : 0;
        return "sharing  " + percent + "  " + ProgressLine.bytes(hashed) + " / "
                + (total.isNumber() ? ProgressLine.bytes(total.asLong()) : "?") + "  " + ProgressLine.bytes(rate) + "/s";
    }
}
