package io.grapevine.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves the harness and peer.mjs against js-libp2p itself, before any Grapevine code is involved. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JsToJsInteropTest {

    private static JsLibp2pPeer dialer;
    private static JsLibp2pPeer listener;

    @BeforeAll
    static void connect() {
        dialer = JsLibp2pPeer.start();
        listener = JsLibp2pPeer.start();
        assertThat(dialer.dial(listener.addrs().getFirst())).isEqualTo(listener.peerId());
    }

    @AfterAll
    static void stop() {
        if (dialer != null) {
            dialer.close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void readyLineCarriesPeerIdAndLoopbackAddress() {
        assertThat(listener.peerId()).startsWith("12D3KooW");
        assertThat(listener.addrs()).allSatisfy(a ->
                assertThat(a).startsWith("/ip4/127.0.0.1/tcp/").endsWith("/p2p/" + listener.peerId()));
    }

    @Test
    void pingsBothWays() {
        assertThat(dialer.ping(listener.peerId())).isGreaterThanOrEqualTo(0);
        assertThat(listener.ping(dialer.peerId())).isGreaterThanOrEqualTo(0);
    }

    @Test
    void identifiesBothWays() {
        JsLibp2pPeer.Identify seenByDialer = dialer.identify(listener.peerId(), false);
        assertThat(seenByDialer.agentVersion()).startsWith("js-libp2p/");
        assertThat(seenByDialer.protocols()).contains(JsLibp2pPeer.ECHO_PROTOCOL, "/ipfs/id/1.0.0", "/ipfs/ping/1.0.0");
        assertThat(listener.addrs().getFirst()).startsWith(seenByDialer.listenAddrs().getFirst());

        JsLibp2pPeer.Identify seenByListener = listener.identify(dialer.peerId(), true);
        assertThat(seenByListener.protocols()).contains(JsLibp2pPeer.ECHO_PROTOCOL);
    }

    @Test
    void echoesOneStreamAndManyConcurrentStreams() {
        JsLibp2pPeer.Echo one = dialer.echo(listener.peerId(), 8L << 20, 1, Duration.ofSeconds(60));
        assertThat(one.bytes()).isEqualTo(8L << 20);
        assertThat(one.mibPerSec()).isPositive();

        JsLibp2pPeer.Echo many = listener.echo(dialer.peerId(), 64 << 10, 100, Duration.ofSeconds(60));
        assertThat(many.streams()).isEqualTo(100);
        assertThat(many.bytes()).isEqualTo(100L * (64 << 10));
    }

    @Test
    void sinksOneWayWithAVerifiedCountAndChecksum() {
        JsLibp2pPeer.Sink sink = dialer.sink(listener.peerId(), (8L << 20) + 3, Duration.ofSeconds(60));
        assertThat(sink.bytes()).isEqualTo((8L << 20) + 3);
        assertThat(sink.mibPerSec()).isPositive();
        assertThatThrownBy(() -> dialer.sink(listener.peerId(), -1, Duration.ofSeconds(5)))
                .isInstanceOf(JsPeerException.class).hasMessageContaining("bytes");
    }

    @Test
    void listsTheNoiseYamuxConnection() {
        assertThat(dialer.connections()).anySatisfy(c -> {
            assertThat(c.peer()).isEqualTo(listener.peerId());
            assertThat(c.direction()).isEqualTo("outbound");
            assertThat(c.status()).isEqualTo("open");
            assertThat(c.encryption()).isEqualTo("/noise");
            assertThat(c.multiplexer()).isEqualTo("/yamux/1.0.0");
        });
    }

    @Test
    void reportsBadCommandsAsErrors() {
        assertThatThrownBy(() -> dialer.call(JsLibp2pPeer.command("bogus"), Duration.ofSeconds(5)))
                .isInstanceOf(JsPeerException.class).hasMessageContaining("unknown command");
        assertThatThrownBy(() -> dialer.echo(listener.peerId(), 1, 0, Duration.ofSeconds(5)))
                .isInstanceOf(JsPeerException.class).hasMessageContaining("streams");
        assertThatThrownBy(() -> dialer.ping("not-a-peer-id"))
                .isInstanceOf(JsPeerException.class);
        assertThatThrownBy(() -> dialer.dial("/ip4/127.0.0.1/tcp/1"))
                .isInstanceOf(JsPeerException.class);
        assertThat(dialer.isAlive()).isTrue();
    }

    @Test
    void closeEndsTheProcess() {
        JsLibp2pPeer peer = JsLibp2pPeer.start();
        peer.close();
        assertThat(peer.isAlive()).isFalse();
        assertThatThrownBy(peer::connections).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void exitsWhenStdinClosesWithoutAStopCommand() throws Exception {
        Process process = new ProcessBuilder("node", "peer.mjs")
                .directory(JsLibp2pPeer.interopDir().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).contains("\"event\":\"ready\"");
            process.getOutputStream().close();
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }
}
