package io.grapevine.node.market;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.market.chain.MarketNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code market.json} in the home: the Bitcoin network this node sells and buys on (mainnet, testnet, signet,
 * regtest; mainnet when absent), the confirmations a payment needs before a license is issued (default 3), and the
 * Bitcoin full nodes ({@code "host:port"}) whose headers the node follows, whose blocks it scans for payments and to
 * which the wallet broadcasts (none: headers come only through {@code POST /api/v1/market/blocks}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MarketSettings(String network, int confirmations, List<String> bitcoinPeers) {
    public static final String FILE = "market.json";
    public static final int MAX_BITCOIN_PEERS = 8;

    public MarketSettings {
        network = network == null || network.isBlank() ? MarketNetwork.MAINNET.wireName() : network;
        MarketNetwork.fromWireName(network);
        if (confirmations <= 0) {
            confirmations = 3;
        }
        bitcoinPeers = bitcoinPeers == null ? List.of() : List.copyOf(bitcoinPeers);
        if (bitcoinPeers.size() > MAX_BITCOIN_PEERS) {
            throw new IllegalArgumentException("at most " + MAX_BITCOIN_PEERS + " bitcoinPeers");
        }
        bitcoinPeers.forEach(io.grapevine.node.market.bitcoin.BitcoinPeerAddress::parse);
    }

    public MarketSettings(String network, int confirmations) {
        this(network, confirmations, List.of());
    }

    public MarketNetwork marketNetwork() {
        return MarketNetwork.fromWireName(network);
    }

    public static MarketSettings load(Path home) throws IOException {
        Path f = home.resolve(FILE);
        if (!Files.exists(f)) {
            return new MarketSettings(null, 0);
        }
        try {
            return new ObjectMapper().readValue(f.toFile(), MarketSettings.class);
        } catch (IllegalArgumentException | com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new IOException("bad " + f + ": " + e.getMessage(), e);
        }
    }

    public void save(Path home) throws IOException {
        new ObjectMapper().writeValue(home.resolve(FILE).toFile(), this);
    }
}
