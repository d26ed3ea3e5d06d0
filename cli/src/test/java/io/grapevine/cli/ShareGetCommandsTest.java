package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code share}, {@code get} and {@code downloads} between two node processes, as a person or script runs them. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ShareGetCommandsTest {

    @TempDir
    Path tmp;

    private List<String> run(int expectedExit, Path stderr, String... args) throws Exception {
        try (CliProcess client = CliProcess.start(stderr, args)) {
            assertThat(client.process().waitFor(120, TimeUnit.SECONDS)).as("client exited").isTrue();
            assertThat(client.process().exitValue()).as(Files.readString(stderr)).isEqualTo(expectedExit);
            List<String> lines = new ArrayList<>();
            for (String line; (line = client.poll()) != null; ) lines.add(line);
            return lines;
        }
    }

    /** Starts a node and returns its listen address. */
    private static String started(CliProcess node) throws Exception {
        node.nextLine(60);
        String listening = node.nextLine(10).substring("listening: ".length());
        assertThat(node.nextLine(10)).startsWith("api: ");
        assertThat(node.nextLine(10)).startsWith("web: ");
        assertThat(node.nextLine(10)).isEqualTo("ready");
        return listening;
    }

    @Test
    void shareOnOneNodeAndGetOnAnother() throws Exception {
        Path homeA = tmp.resolve("a");
        Path homeB = tmp.resolve("b");
        byte[] data = new byte[2 * 1024 * 1024 + 99];
        new Random(7).nextBytes(data);
        Path source = tmp.resolve("holiday.bin");
        Files.write(source, data);
        try (CliProcess a = CliProcess.start(tmp.resolve("a.log"), "node", "--home", homeA.toString(),
                "--listen", "/ip4/127.0.0.1/tcp/0");
             CliProcess b = CliProcess.start(tmp.resolve("b.log"), "node", "--home", homeB.toString(),
                "--listen", "/ip4/127.0.0.1/tcp/0")) {
            String addressA = started(a);
            started(b);

            List<String> shared = run(0, tmp.resolve("share.err"), "share", source.toString(), "--home",
                    homeA.toString(), "--title", "Holiday", "--tag", "video");
            assertThat(shared).hasSize(1);
            String id = shared.getFirst();
            assertThat(id).startsWith("b");
            List<String> sharedJson = run(0, tmp.resolve("share-json.err"), "share", source.toString(), "--home",
                    homeA.toString(), "--json");
            JsonNode share = new ObjectMapper().readTree(sharedJson.getFirst());
            assertThat(share.path("contentId").asText()).isEqualTo(id);
            assertThat(share.path("totalSize").asLong()).isEqualTo(data.length);

            List<String> got = run(0, tmp.resolve("get.err"), "get", id, "--home", homeB.toString(),
                    "--from", addressA);
            Path written = homeB.resolve("downloads/holiday.bin");
            assertThat(got.getLast()).isEqualTo("saved: " + written);
            assertThat(got).anySatisfy(line -> assertThat(line).startsWith("completed  100.0%  2.0 MiB / 2.0 MiB"));
            assertThat(Files.readAllBytes(written)).isEqualTo(data);

            List<String> gotJson = run(0, tmp.resolve("get-json.err"), "get", id, "--home", homeB.toString(),
                    "--from", addressA, "--out", "again", "--json");
            assertThat(gotJson).hasSize(1);
            JsonNode done = new ObjectMapper().readTree(gotJson.getFirst());
            assertThat(done.path("state").asText()).isEqualTo("completed");
            assertThat(done.path("verifiedBytes").asLong()).isEqualTo(data.length);
            assertThat(Files.readAllBytes(homeB.resolve("downloads/again/holiday.bin"))).isEqualTo(data);

            List<String> downloads = run(0, tmp.resolve("downloads.err"), "downloads", "--home", homeB.toString());
            assertThat(downloads.getFirst()).startsWith("CONTENT");
            assertThat(downloads.get(1)).startsWith(id).contains("completed");

            Path badErr = tmp.resolve("bad.err");
            assertThat(run(1, badErr, "get", "not-a-cid", "--home", homeB.toString(), "--from", addressA)).isEmpty();
            assertThat(Files.readAllLines(badErr)).singleElement().asString()
                    .startsWith("grapevine: contentId: not a CID");

            Path missingErr = tmp.resolve("missing.err");
            run(1, missingErr, "share", tmp.resolve("nope").toString(), "--home", homeA.toString());
            assertThat(Files.readAllLines(missingErr)).singleElement().asString()
                    .startsWith("grapevine: path: no such file or folder");
        }
    }

    @Test
    void getWithoutARunningNodeFailsWithOneLine() throws Exception {
        Path stderr = tmp.resolve("get.err");
        List<String> out = run(1, stderr, "get", "bafkqaaa", "--home", tmp.resolve("nobody").toString());
        assertThat(out).isEmpty();
        assertThat(Files.readAllLines(stderr)).singleElement().asString()
                .startsWith("grapevine: no node is running with home ");
    }
}
