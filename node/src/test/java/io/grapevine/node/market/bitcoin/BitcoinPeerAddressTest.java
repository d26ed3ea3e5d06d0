package io.grapevine.node.market.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.market.MarketSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BitcoinPeerAddressTest {
    @TempDir
    Path home;

    @Test
    void parsesHostPortAndBracketedIpv6() {
        var a = BitcoinPeerAddress.parse("127.0.0.1:18444");
        assertThat(a.getHostString()).isEqualTo("127.0.0.1");
        assertThat(a.getPort()).isEqualTo(18444);
        assertThat(BitcoinPeerAddress.parse("[::1]:8333").getHostString()).isEqualTo("::1");
    }

    @Test
    void refusesMissingOrBadPorts() {
        for (String bad : List.of("", "localhost", "localhost:", ":8333", "host:abc", "host:0", "host:70000")) {
            assertThatThrownBy(() -> BitcoinPeerAddress.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void marketSettingsKeepPeersAndRefuseBadOnes() throws IOException {
        new MarketSettings("regtest", 2, List.of("127.0.0.1:18444")).save(home);
        assertThat(MarketSettings.load(home).bitcoinPeers()).containsExactly("127.0.0.1:18444");

        Files.writeString(home.resolve(MarketSettings.FILE), "{\"network\":\"regtest\",\"bitcoinPeers\":[\"nope\"]}");
        assertThatThrownBy(() -> MarketSettings.load(home)).isInstanceOf(IOException.class)
                .hasMessageContaining("host:port");
        Files.writeString(home.resolve(MarketSettings.FILE), "{\"network\":\"regtest\"}");
        assertThat(MarketSettings.load(home).bitcoinPeers()).isEmpty();
    }
}
