package io.grapevine.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.cli.ApiClient;
import io.grapevine.cli.demo.DemoNetwork.Member;
import io.grapevine.node.announce.AnnouncementService;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The demo's story on a running {@link DemoNetwork} of alice, bob and carol: alice shares a file, carol (two hops
 * away) finds it by search and gets it from the providers its announcement names, checking every byte; bob and
 * carol block it by a community vote and carol allows it back; then carol buys a second file from alice on regtest
 * ({@link PaidPurchase}). Each step
 * goes through a node's HTTP API, as the CLI and the web UI do, and is timed.
 */
public final class Walkthrough {
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEMO_FILE_BYTES = 16 * 1024 * 1024;

    private final DemoNetwork network;
    private final PrintStream out;
    private final Map<String, String> facts = new LinkedHashMap<>();

    public Walkthrough(DemoNetwork network, PrintStream out) {
        this.network = network;
        this.out = out;
    }

    /** Runs every step in order; the first failure stops the walk-through with its step named. */
    public void run() throws Exception {
        List<Step> steps = steps();
        long started = System.nanoTime();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            out.printf(Locale.ROOT, "[%d/%d] %s ... ", i + 1, steps.size(), step.title());
            out.flush();
            long t0 = System.nanoTime();
            List<String> lines;
            try {
                lines = step.work().run();
            } catch (Exception | AssertionError e) {
                out.println("FAILED");
                throw new DemoFailure("step " + (i + 1) + " (" + step.title() + ") failed: " + e.getMessage(), e);
            }
            out.println("ok " + millis(System.nanoTime() - t0));
            for (String line : lines) out.println("      " + line);
        }
        out.println("walk-through complete in " + millis(System.nanoTime() - started));
    }

    private List<Step> steps() {
        Member alice = network.member("alice");
        Member bob = network.member("bob");
        Member carol = network.member("carol");
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("start alice, bob and carol on 127.0.0.1 (bob dials alice, carol dials bob)",
                this::awaitConnected));
        steps.add(new Step("alice shares a 16 MiB file and announces it (signed, proof-of-work stamped)",
                () -> share(alice)));
        steps.add(new Step("carol, two hops away, searches for \"sixteen mebibytes\"", () -> search(carol)));
        steps.add(new Step("carol downloads it from the providers in the announcement, verifying every chunk",
                () -> download(carol)));
        steps.add(new Step("bob founds an open blocklist (2 votes, half of them \"block\"); carol follows it",
                () -> foundList(bob, carol)));
        steps.add(new Step("bob and carol vote to block the file; carol's node blocks it and says why",
                () -> voteToBlock(bob, carol)));
        steps.add(new Step("carol overrides the list locally: her node carries the file again",
                () -> allowLocally(carol)));
        steps.addAll(new PaidPurchase(network, alice, carol, bob).steps());
        return steps;
    }

    private List<String> awaitConnected() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (Member member : network.members()) {
            await(() -> member.api().get("status", member.home()).path("connectedPeers").asInt() > 0,
                    member.name() + " has no peer");
            lines.add(String.format(Locale.ROOT, "%-6s %s", member.name(), member.node().peerId()));
        }
        // Announcements go by gossip: wait until every node has joined the announcement mesh (a heartbeat or so),
        // so the first share is relayed at once rather than left to the next catch-up.
        for (Member member : network.members()) {
            await(() -> !member.node().pubsub().router().mesh(AnnouncementService.TOPIC).isEmpty(),
                    member.name() + " joined no gossip mesh on " + AnnouncementService.TOPIC);
        }
        lines.add("every node is in the " + AnnouncementService.TOPIC + " gossip mesh");
        return lines;
    }

    private List<String> share(Member sharer) throws IOException, NoSuchAlgorithmException {
        Path folder = Files.createDirectories(network.base().resolve("files-of-" + sharer.name()));
        Path file = folder.resolve("grapevine-demo.bin");
        byte[] bytes = new byte[DEMO_FILE_BYTES];
        new SplittableRandom(2026).nextBytes(bytes);
        Files.write(file, bytes);
        facts.put("sha256", sha256(bytes));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("path", file.toString());
        request.put("title", "Grapevine demo: sixteen mebibytes of noise");
        request.put("description", "A file shared by the demo to show search, download and verification.");
        request.put("tags", List.of("demo", "noise"));
        JsonNode share = sharer.api().post("shares", request, sharer.home(), STEP_TIMEOUT);
        facts.put("contentId", share.path("contentId").asText());
        return List.of("content id: " + facts.get("contentId"), "sha-256:    " + facts.get("sha256"));
    }

    private List<String> search(Member searcher) throws InterruptedException {
        String contentId = facts.get("contentId");
        JsonNode[] hit = new JsonNode[1];
        await(() -> {
            for (JsonNode h : searcher.api().get("search?q=sixteen+mebibytes&limit=10", searcher.home()).path("hits")) {
                if (h.path("contentId").asText().equals(contentId)) hit[0] = h;
            }
            return hit[0] != null;
        }, "carol's search did not find alice's share");
        return List.of(String.format(Locale.ROOT, "found \"%s\", %d bytes, %s, publisher %s",
                hit[0].path("title").asText(), hit[0].path("totalSize").asLong(),
                hit[0].path("free").asBoolean() ? "free" : hit[0].path("priceSats").asLong() + " sats",
                hit[0].path("publisher").asText()));
    }

    private List<String> download(Member getter) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("contentId", facts.get("contentId"));
        long t0 = System.nanoTime();
        getter.api().post("downloads", request, getter.home());
        JsonNode[] last = new JsonNode[1];
        await(() -> {
            last[0] = getter.api().get("downloads/" + facts.get("contentId"), getter.home());
            String state = last[0].path("state").asText();
            if (state.equals("failed") || state.equals("cancelled")) {
                throw new ApiClient.Failure("download " + state + ": " + last[0].path("error").asText());
            }
            return state.equals("completed");
        }, "the download did not complete");
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path saved = Path.of(last[0].path("files").get(0).asText());
        String digest = sha256(Files.readAllBytes(saved));
        if (!digest.equals(facts.get("sha256"))) {
            throw new IllegalStateException("the saved file's sha-256 " + digest + " differs from the original's");
        }
        return List.of(String.format(Locale.ROOT, "saved %s (%.1f MiB/s), sha-256 matches", saved,
                DEMO_FILE_BYTES / 1048576.0 / seconds));
    }

    private List<String> foundList(Member founder, Member follower) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "demo-watch");
        request.put("description", "The demo's community list");
        request.put("votingMode", "open");
        request.put("minVotes", 2);
        request.put("fraction", "1/2");
        JsonNode list = founder.api().post("blocklists", request, founder.home(), STEP_TIMEOUT);
        facts.put("listId", list.path("id").asText());
        follower.api().post("blocklists/" + facts.get("listId") + "/follow",
                Map.of("definition", list.path("definition").asText()), follower.home());
        return List.of("list id: " + facts.get("listId"));
    }

    private List<String> voteToBlock(Member first, Member second) throws InterruptedException {
        Map<String, Object> vote = new LinkedHashMap<>();
        vote.put("content", facts.get("contentId"));
        vote.put("action", "block");
        vote.put("reason", "spam");
        String votes = "blocklists/" + facts.get("listId") + "/votes";
        first.api().post(votes, vote, first.home(), STEP_TIMEOUT);
        second.api().post(votes, vote, second.home(), STEP_TIMEOUT);
        JsonNode[] why = new JsonNode[1];
        await(() -> {
            why[0] = second.api().get("blocking/why?content=" + facts.get("contentId"), second.home());
            return why[0].path("blocked").asBoolean();
        }, second.name() + "'s node did not block the file");
        await(() -> searchHits(second) == 0, "the blocked file stayed in " + second.name() + "'s search index");
        return List.of("why: " + why[0].path("reason").asText(),
                second.name() + "'s search for it now finds nothing");
    }

    private List<String> allowLocally(Member member) throws InterruptedException {
        member.api().post("blocking/local", Map.of("content", facts.get("contentId"), "action", "allow"), member.home());
        JsonNode[] why = new JsonNode[1];
        await(() -> {
            why[0] = member.api().get("blocking/why?content=" + facts.get("contentId"), member.home());
            return !why[0].path("blocked").asBoolean();
        }, member.name() + "'s local allow did not take effect");
        await(() -> searchHits(member) == 1, "the allowed file did not come back to " + member.name() + "'s search");
        return List.of("why: " + why[0].path("reason").asText(), member.name() + "'s search finds it again");
    }

    private int searchHits(Member member) {
        return member.api().get("search?q=sixteen+mebibytes", member.home()).path("hits").size();
    }

    /** Polls {@code condition} until it holds, for at most {@link #STEP_TIMEOUT}. */
    static void await(Condition condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            if (condition.holds()) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException(failure + " within " + STEP_TIMEOUT.toSeconds() + " s");
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    interface Condition {
        boolean holds();
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String millis(long nanos) {
        long ms = nanos / 1_000_000;
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** A step that failed, with its number and title. */
    public static final class DemoFailure extends RuntimeException {
        DemoFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
