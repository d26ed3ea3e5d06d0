package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.daemon.NodeHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The blocklist commands against a node running in this JVM: --json output, human output and exit codes. */
class BlocklistCommandTest {
    private static final String ITEM = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    private static synchronized Result cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void createVoteWhyAllowExportImport() throws Exception {
        Path home = tmp.resolve("home");
        try (GrapevineNode node = GrapevineNode.start(new NodeHome(home),
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(), List.of()))) {
            String h = home.toString();
            Result created = cli("blocklist", "create", "community", "--home", h, "--difficulty", "2", "--min-votes", "1",
                    "--category", "spam");
            assertThat(created.exit()).as(created.err()).isZero();
            String id = created.out().strip();
            assertThat(id).matches("[0-9a-f]{64}");

            Result vote = cli("blocklist", "vote", id, ITEM, "--reason", "spam", "--home", h, "--json");
            assertThat(vote.exit()).as(vote.err()).isZero();
            JsonNode decision = JSON.readTree(vote.out());
            assertThat(decision.path("blocked").asBoolean()).isTrue();

            Result why = cli("blocklist", "why", ITEM, "--home", h);
            assertThat(why.out()).startsWith(ITEM + ": BLOCKED").contains("list community");

            Result show = cli("blocklist", "show", id, "--home", h, "--json");
            assertThat(JSON.readTree(show.out()).path("votes").asInt()).isEqualTo(1);
            assertThat(cli("blocklist", "show", "--home", h).out()).contains("community");

            Result export = cli("blocklist", "export", "--home", h);
            assertThat(export.exit()).isZero();
            assertThat(export.out()).contains("/ipfs/" + ITEM);

            Result allow = cli("blocklist", "allow", ITEM, "--home", h, "--json");
            assertThat(JSON.readTree(allow.out()).path("blocked").asBoolean()).isFalse();

            Path deny = tmp.resolve("bad.deny");
            Files.writeString(deny, "/ipfs/notacid\n");
            Result bad = cli("blocklist", "import", deny.toString(), "--home", h);
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).startsWith("grapevine: body: malformed denylist").contains("line 1");

            Result unknown = cli("blocklist", "follow", "ab".repeat(32), "--home", h);
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("unknown_list");

            Result noTarget = cli("blocklist", "why", "--home", h);
            assertThat(noTarget.exit()).isNotZero();
        }
    }
}
