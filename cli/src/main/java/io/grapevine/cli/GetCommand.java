package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code grapevine get CONTENT_ID}: starts the download in the running node and follows it, one progress line
 * (rewritten in place on a terminal); exit 0 only when every file is verified on disk.
 */
@Command(name = "get", description = "Download a content id through the running node and show its progress.")
final class GetCommand implements Callable<Integer> {
    private static final long POLL_MS = 500;
    private static final long PLAIN_EVERY_MS = 2000;

    @Mixin
    HomeOption home;

    @Parameters(paramLabel = "CONTENT_ID", description = "The content id to download.")
    String contentId;

    @Option(names = "--from", paramLabel = "MULTIADDR",
            description = "A peer that has it, e.g. /ip4/1.2.3.4/tcp/4001/p2p/12D3KooW...; repeat for more.")
    List<String> from = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Subfolder of the node's download folder to write into.")
    String out;

    @Option(names = "--json", description = "Print the final state as the API's JSON.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        NodeHome nodeHome = home.resolve();
        ApiClient api = ApiClient.forHome(nodeHome);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contentId", contentId);
        body.put("from", from);
        if (out != null) body.put("out", out);
        JsonNode download = api.post("downloads", body, nodeHome);
        String id = download.path("contentId").asText();
        boolean terminal = System.console() != null && !json;
        PrintStream stdout = System.out;
        long lastPlain = 0;
        while (true) {
            String state = download.path("state").asText();
            if (!json) {
                long now = System.currentTimeMillis();
                if (terminal) {
                    stdout.print("\r" + ProgressLine.of(download) + "\033[K");
                    stdout.flush();
                } else if (now - lastPlain >= PLAIN_EVERY_MS || !state.equals("running")) {
                    stdout.println(ProgressLine.of(download));
                    lastPlain = now;
                }
            }
            switch (state) {
                case "completed" -> {
                    if (terminal) stdout.println();
                    if (json) {
                        stdout.println(download.toString());
                    } else {
                        for (JsonNode file : download.path("files")) stdout.println("saved: " + file.asText());
                    }
                    return 0;
                }
                case "failed", "cancelled" -> {
                    if (terminal) stdout.println();
                    if (json) stdout.println(download.toString());
                    String reason = state.equals("failed") ? download.path("error").asText("unknown reason")
                            : "it was cancelled";
                    throw new ApiClient.Failure("download of " + id + " failed: " + reason);
                }
                default -> {
                    Thread.sleep(POLL_MS);
                    download = api.get("downloads/" + id, nodeHome);
                }
            }
        }
    }
}
