package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code status} and {@code peers} against a node started by the CLI, and without one. */
class ClientCommandsTest {

    @TempDir
    Path tmp;

    /** Runs a client command to completion; returns its stdout lines and checks the exit code. */
    private List<String> run(int expectedExit, Path stderr, String... args) throws Exception {
        try (CliProcess client = CliProcess.start(stderr, args)) {
            assertThat(client.process().waitFor(60, TimeUnit.SECONDS)).as("client exited").isTrue();
            assertThat(client.process().exitValue()).as(Files.readString(stderr)).isEqualTo(expectedExit);
            List<String> lines = new ArrayList<>();
            for (String line; (line = client.poll()) != null; ) lines.add(line);
            return lines;
        }
    }

    @Test
    void statusAndPeersTalkToTheRunningNode() throws Exception {
        Path home = tmp.resolve("home");
        try (CliProcess node = CliProcess.start(tmp.resolve("node.log"),
                "node", "--home", home.toString(), "--listen", "/ip4/127.0.0.1/tcp/0")) {
            String peerId = node.nextLine(60).substring("peer-id: ".length());
            String listening = node.nextLine(10).substring("listening: ".length());
            assertThat(node.nextLine(10)).startsWith("api: ");
            assertThat(node.nextLine(10)).startsWith("web: http://127.0.0.1:");
            assertThat(node.nextLine(10)).isEqualTo("ready");

            List<String> json = run(0, tmp.resolve("status.err"), "status", "--home", home.toString(), "--json");
            assertThat(json).hasSize(1);
            JsonNode status = new ObjectMapper().readTree(json.getFirst());
            assertThat(status.path("peerId").asText()).isEqualTo(peerId);
            assertThat(status.path("agentVersion").asText()).startsWith("grapevine/");
            assertThat(status.path("listenAddresses").get(0).asText()).isEqualTo(listening);
            assertThat(status.path("connectedPeers").asInt()).isZero();

            List<String> human = run(0, tmp.resolve("status-human.err"), "status", "--home", home.toString());
            assertThat(human).contains("peer-id:   " + peerId, "peers:     0", "listening: " + listening);

            List<String> peers = run(0, tmp.resolve("peers.err"), "peers", "--home", home.toString());
            assertThat(peers).containsExactly("PEER  DIR  ADDRESS  AGENT  LATENCY", "0 peers");
            List<String> peersJson = run(0, tmp.resolve("peers-json.err"), "peers", "--home", home.toString(), "--json");
            assertThat(peersJson).containsExactly("{\"peers\":[]}");
        }
    }

    @Test
    void statusWithoutARunningNodeFailsWithOneLine() throws Exception {
        Path stderr = tmp.resolve("status.err");
        List<String> out = run(1, stderr, "status", "--home", tmp.resolve("nobody").toString());
        assertThat(out).isEmpty();
        List<String> err = Files.readAllLines(stderr);
        assertThat(err).hasSize(1);
        assertThat(err.getFirst()).startsWith("grapevine: no node is running with home ");
    }

    @Test
    void aStaleApiFileFromACrashedNodeSaysNotRunning() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("crashed"));
        Files.writeString(home.resolve("api"), "http://127.0.0.1:1\n"); // port 1: nothing listens there
        Files.writeString(home.resolve("api-token"), "0".repeat(64) + "\n");
        Path stderr = tmp.resolve("peers.err");
        run(1, stderr, "peers", "--home", home.toString());
        assertThat(Files.readAllLines(stderr)).singleElement().asString().startsWith("grapevine: no node is running");
    }
}
