package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.announce.SharedItems;
import io.grapevine.node.content.ContentFile;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.daemon.NodeConfig;
import io.grapevine.node.daemon.NodeHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code grapevine search} against a node (in this JVM) holding two announcements, one free, one paid. */
class SearchCommandTest {
    @TempDir
    Path tmp;

    private List<String> run(int expectedExit, Path stderr, String... args) throws Exception {
        try (CliProcess client = CliProcess.start(stderr, args)) {
            assertThat(client.process().waitFor(60, TimeUnit.SECONDS)).as("client exited").isTrue();
            assertThat(client.process().exitValue()).as(Files.readString(stderr)).isEqualTo(expectedExit);
            List<String> lines = new ArrayList<>();
            for (String line; (line = client.poll()) != null; ) lines.add(line);
            return lines;
        }
    }

    private static String announce(GrapevineNode node, String path, long size, String title, long price) throws Exception {
        int chunk = 4 << 20;
        int chunks = (int) ((size + chunk - 1) / chunk);
        byte[] digests = new byte[chunks * ContentIds.DIGEST_LENGTH]; // never fetched: only the manifest matters here
        EncodedManifest manifest = ManifestCodec.encode(chunk, List.of(new ContentFile(path, size, "video/mp4", 0)), digests);
        AnnounceFeature feature = node.feature(AnnounceFeature.class);
        feature.manifests().put(manifest);
        feature.service().announce(SharedItems.draft(feature.manifests().load(manifest.id()), title, "", List.of("film"),
                price, price > 0 ? "bc1qexample" : "")).get(60, TimeUnit.SECONDS);
        return manifest.id().toString();
    }

    @Test
    void printsATableOrJsonAndFiltersByPrice() throws Exception {
        NodeHome home = new NodeHome(tmp.resolve("home"));
        home.ensureExists();
        NodeConfig.defaults().withAnnounceDifficulty(4).save(home.configFile());
        try (GrapevineNode node = GrapevineNode.start(home,
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(), List.of()))) {
            String free = announce(node, "ocean.mp4", 3 * 1024 * 1024, "Ocean documentary", 0);
            String paid = announce(node, "ocean-4k.mp4", 5L << 30, "Ocean documentary in 4K", 25_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.feature(AnnounceFeature.class).search().size() == 2);
            String h = home.dir().toString();

            List<String> table = run(0, tmp.resolve("t.err"), "search", "ocean", "--home", h);
            assertThat(table.getFirst()).startsWith("TITLE").contains("SIZE", "PRICE", "CONTENT ID", "PROVIDERS");
            assertThat(String.join("\n", table)).contains(free, paid, "3.0 MiB", "5.0 GiB", "25000 sat", "free");
            assertThat(table.getLast()).isEqualTo("2 of 2 results");

            List<String> onlyFree = run(0, tmp.resolve("f.err"), "search", "ocean", "--free", "--home", h);
            assertThat(String.join("\n", onlyFree)).contains(free).doesNotContain(paid);

            List<String> json = run(0, tmp.resolve("j.err"), "search", "4k", "--paid", "--json", "--limit", "5", "--home", h);
            JsonNode body = new ObjectMapper().readTree(json.getFirst());
            assertThat(body.path("hits")).hasSize(1);
            assertThat(body.path("hits").get(0).path("contentId").asText()).isEqualTo(paid);
            assertThat(body.path("hits").get(0).path("providers").get(0).path("peerId").asText())
                    .isEqualTo(node.peerId().toString());

            Path err = tmp.resolve("bad.err");
            run(1, err, "search", "title:(unclosed", "--home", h);
            assertThat(Files.readAllLines(err)).singleElement().asString().startsWith("grapevine: invalid query")
                    .endsWith("(bad_query)");
            run(2, tmp.resolve("both.err"), "search", "x", "--free", "--paid", "--home", h);
        }
    }
}
