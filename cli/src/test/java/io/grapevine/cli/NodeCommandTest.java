package io.grapevine.cli;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NodeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void printsStartupLinesInOrderAndStopsOnSigtermWithinFiveSeconds() throws Exception {
        Path home = tmp.resolve("home");
        try (CliProcess node = CliProcess.start(tmp.resolve("node.log"),
                "node", "--home", home.toString(), "--listen", "/ip4/127.0.0.1/tcp/0")) {
            String peerLine = node.nextLine(60);
            assertThat(peerLine).startsWith("peer-id: 12D3KooW");
            PeerId peer = PeerId.parse(peerLine.substring("peer-id: ".length()));

            String listening = node.nextLine(10);
            assertThat(listening).startsWith("listening: /ip4/127.0.0.1/tcp/");
            Multiaddr address = Multiaddr.parse(listening.substring("listening: ".length()));
            assertThat(address.peerId()).contains(peer);
            String api = node.nextLine(10);
            assertThat(api).matches("api: http://127\\.0\\.0\\.1:\\d+");
            assertThat(Files.readString(home.resolve("api")).trim()).isEqualTo(api.substring("api: ".length()));
            assertThat(node.nextLine(10)).isEqualTo("web: " + api.substring("api: ".length()) + "/?token="
                    + Files.readString(home.resolve("api-token")).trim());
            assertThat(node.nextLine(10)).isEqualTo("ready");

            long start = System.nanoTime();
            node.process().destroy(); // SIGTERM
            assertThat(node.process().waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
            assertThat(Files.readString(tmp.resolve("node.log"))).contains("stopped");
            assertThat(home.resolve("api")).as("removed on SIGTERM").doesNotExist();
            assertThat(home.resolve("api-token")).doesNotExist();
        }
    }

    @Test
    void refusesANonLoopbackApiWithoutTheFlag() throws Exception {
        try (CliProcess node = CliProcess.start(tmp.resolve("err.log"), "node", "--home", tmp.resolve("h").toString(),
                "--listen", "/ip4/127.0.0.1/tcp/0", "--api", "0.0.0.0:0")) {
            assertThat(node.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(node.process().exitValue()).isNotZero();
            assertThat(Files.readString(tmp.resolve("err.log"))).contains("grapevine: --api 0.0.0.0")
                    .contains("--api-allow-remote");
        }
    }

    @Test
    void refusesABadListenAddressWithOneLine() throws Exception {
        try (CliProcess node = CliProcess.start(tmp.resolve("err.log"),
                "node", "--home", tmp.resolve("h").toString(), "--listen", "/ip4/999.1.1.1/tcp/1")) {
            assertThat(node.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(node.process().exitValue()).isNotZero();
            assertThat(Files.readString(tmp.resolve("err.log"))).contains("grapevine: bad --listen address");
        }
    }
}
