package io.grapevine.cli;

import io.grapevine.node.interop.JsLibp2pPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** README's promise: a node started by the CLI can be dialled and pinged by a js-libp2p node from its printed address. */
class NewcomerCheckTest {

    @TempDir
    Path tmp;

    @Test
    void jsLibp2pDialsThePrintedAddressAndPings() throws Exception {
        try (CliProcess node = CliProcess.start(tmp.resolve("node.log"),
                "node", "--home", tmp.resolve("home").toString(), "--listen", "/ip4/127.0.0.1/tcp/0");
             JsLibp2pPeer js = JsLibp2pPeer.start()) {
            String peerId = node.nextLine(60).substring("peer-id: ".length());
            String address = node.nextLine(10).substring("listening: ".length());
            assertThat(node.nextLine(10)).startsWith("api: http://127.0.0.1:");
            assertThat(node.nextLine(10)).startsWith("web: http://127.0.0.1:");
            assertThat(node.nextLine(10)).isEqualTo("ready");

            assertThat(js.dial(address)).isEqualTo(peerId);
            assertThat(js.ping(peerId)).isGreaterThanOrEqualTo(0);
            assertThat(js.identify(peerId, true).agentVersion()).startsWith("grapevine/");
        }
    }
}
