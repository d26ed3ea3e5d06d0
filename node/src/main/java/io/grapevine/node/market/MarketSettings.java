package io.grapevine.node.market;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.market.chain.MarketNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code market.json} in the home: the Bitcoin network this node sells and buys on (mainnet, testnet, signet,
 * regtest; mainnet when absent) and the confirmations a payment needs before a license is issued (default 3).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MarketSettings(String network, int confirmations) {
    public static final String FILE = "market.json";

    public MarketSettings {
        network = network == null || network.isBlank() ? MarketNetwork.MAINNET.wireName() : network;
        MarketNetwork.fromWireName(network);
        if (confirmations <= 0) {
            confirmations = 3;
        }
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
        } catch (IllegalArgumentException e) {
            throw new IOException("bad " + f + ": " + e.getMessage(), e);
        }
    }

    public void save(Path home) throws IOException {
        new ObjectMapper().writeValue(home.resolve(FILE).toFile(), this);
    }
}
