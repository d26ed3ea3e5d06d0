package io.grapevine.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.Direction;
import io.grapevine.node.p2p.host.PeerInfo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Grapevine's libp2p stack against js-libp2p 2.9 over TCP + Noise + Yamux on 127.0.0.1: one js peer dials Grapevine,
 * Grapevine dials the other; ping, identify and echo run both ways on each connection.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GrapevineJsInteropTest {

    private static final long MIB_64 = 64L << 20;
    private static final Duration ECHO_TIMEOUT = Duration.ofMinutes(3);

    private static GrapevinePeer grapevine;
    /** Dials Grapevine. */
    private static JsLibp2pPeer jsDialer;
    /** Dialled by Grapevine. */
    private static JsLibp2pPeer jsListener;
    private static Connection inbound;
    private static Connection outbound;

    @BeforeAll
    static void connect() throws Exception {
        grapevine = GrapevinePeer.start();
        jsDialer = JsLibp2pPeer.start();
        jsListener = JsLibp2pPeer.start();

        assertThat(jsDialer.dial(grapevine.addr())).isEqualTo(grapevine.peerId().toBase58());
        inbound = await().atMost(Duration.ofSeconds(10))
                .until(() -> grapevine.host().connection(peer(jsDialer)).orElse(null), c -> c != null);
        outbound = grapevine.dial(jsListener.addrs().getFirst());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {jsDialer, jsListener, grapevine}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // Best effort: the rest still close.
            }
        }
    }

    @Test
    void jsDialsGrapevineAndGrapevineDialsJs() {
        assertThat(inbound.direction()).isEqualTo(Direction.INBOUND);
        assertThat(inbound.remotePeer()).isEqualTo(peer(jsDialer));
        assertThat(outbound.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(outbound.remotePeer()).isEqualTo(peer(jsListener));
        assertThat(jsDialer.connections()).anySatisfy(c -> {
            assertThat(c.peer()).isEqualTo(grapevine.peerId().toBase58());
            assertThat(c.encryption()).isEqualTo("/noise");
            assertThat(c.multiplexer()).isEqualTo("/yamux/1.0.0");
        });
        assertThat(jsListener.connections()).anySatisfy(c -> assertThat(c.direction()).isEqualTo("inbound"));
    }

    @Test
    void pingsBothWaysOnBothConnections() throws Exception {
        assertThat(jsDialer.ping(grapevine.peerId().toBase58())).isGreaterThanOrEqualTo(0);
        assertThat(jsListener.ping(grapevine.peerId().toBase58())).isGreaterThanOrEqualTo(0);
        assertThat(grapevine.ping(peer(jsDialer))).isPositive();
        assertThat(grapevine.ping(peer(jsListener))).isPositive();
    }

    @Test
    void jsIdentifiesGrapevine() {
        for (JsLibp2pPeer js : new JsLibp2pPeer[] {jsDialer, jsListener}) {
            JsLibp2pPeer.Identify seen = js.identify(grapevine.peerId().toBase58(), false);
            assertThat(seen.agentVersion()).startsWith("grapevine/");
            assertThat(seen.protocols()).contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", EchoProtocol.ID);
            String listenAddr = grapevine.host().listenAddresses().getFirst().withoutPeerId().toString();
            assertThat(seen.listenAddrs()).contains(listenAddr);
        }
    }

    @Test
    void grapevineIdentifiesJs() {
        for (JsLibp2pPeer js : new JsLibp2pPeer[] {jsDialer, jsListener}) {
            PeerInfo info = await().atMost(Duration.ofSeconds(10)).until(
                    () -> grapevine.host().peerStore().get(peer(js)).orElse(null),
                    p -> p != null && !p.agentVersion().isEmpty());
            assertThat(info.agentVersion()).startsWith("js-libp2p/");
            assertThat(info.protocols()).contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", EchoProtocol.ID);
            String jsListen = js.addrs().getFirst().replace("/p2p/" + js.peerId(), "");
            assertThat(info.addresses()).extracting(Object::toString).contains(jsListen);
        }
    }

    @Test
    void echoes64MiBOneStreamEachWay() throws Exception {
        assertThat(jsDialer.echo(grapevine.peerId().toBase58(), MIB_64, 1, ECHO_TIMEOUT).bytes()).isEqualTo(MIB_64);
        assertThat(grapevine.echo(peer(jsListener), MIB_64, 1, ECHO_TIMEOUT)).isPositive();
    }

    @Test
    void sinks64MiBOneWayEachWay() throws Exception {
        assertThat(jsDialer.sink(grapevine.peerId().toBase58(), MIB_64, ECHO_TIMEOUT).bytes()).isEqualTo(MIB_64);
        assertThat(grapevine.sink(peer(jsListener), MIB_64, ECHO_TIMEOUT)).isPositive();
    }

    @Test
    void echoes64MiBOver100ConcurrentStreamsEachWay() throws Exception {
        long perStream = MIB_64 / 100;
        assertThat(jsListener.echo(grapevine.peerId().toBase58(), perStream, 100, ECHO_TIMEOUT).streams()).isEqualTo(100);
        assertThat(grapevine.echo(peer(jsDialer), perStream, 100, ECHO_TIMEOUT)).isPositive();
    }

    @Test
    void jsConnectionMonitorKeepsTheConnectionFor30Seconds() {
        // js pings every connection every 10 s and aborts it on a failed ping; both connections must survive that.
        await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(2))
                .until(() -> inbound.isOpen() && outbound.isOpen()
                        && grapevine.host().connection(peer(jsDialer)).orElse(null) == inbound
                        && grapevine.host().connection(peer(jsListener)).orElse(null) == outbound);
        assertThat(jsDialer.connections()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo("open"));
        assertThat(jsListener.connections()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo("open"));
    }

    private static PeerId peer(JsLibp2pPeer js) {
        return PeerId.parse(js.peerId());
    }
}
