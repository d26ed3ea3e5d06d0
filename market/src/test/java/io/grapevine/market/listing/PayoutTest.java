package io.grapevine.market.listing;

import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.testing.Fixtures;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.crypto.DeterministicKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayoutTest {
    private final DeterministicKey master = Fixtures.sellerMaster();

    @Test
    void tpubAndVpubDeriveTheSameP2wpkhAddressPerIndex() {
        String tpub = master.serializePubB58(MarketNetwork.REGTEST.bitcoinj());
        String vpub = master.serializePubB58(MarketNetwork.REGTEST.bitcoinj(), ScriptType.P2WPKH);
        assertThat(tpub).startsWith("tpub");
        assertThat(vpub).startsWith("vpub");
        Payout a = Payout.parse(tpub, MarketNetwork.REGTEST);
        Payout b = Payout.parse(vpub, MarketNetwork.REGTEST);
        assertThat(a.addressFor(5)).isEqualTo(b.addressFor(5));
        assertThat(a.addressFor(5).toString()).startsWith("bcrt1q");
        assertThat(a.addressFor(5)).isNotEqualTo(a.addressFor(6));
        assertThat(a.addressFor(Integer.MAX_VALUE)).isNotNull();
        assertThat(a.text()).isEqualTo(tpub);
    }

    @Test
    void mainnetKeysAndAddresses() {
        String xpub = master.serializePubB58(MarketNetwork.MAINNET.bitcoinj());
        String zpub = master.serializePubB58(MarketNetwork.MAINNET.bitcoinj(), ScriptType.P2WPKH);
        assertThat(Payout.parse(xpub, MarketNetwork.MAINNET).addressFor(0).toString()).startsWith("bc1q");
        assertThat(Payout.parse(zpub, MarketNetwork.MAINNET)).isInstanceOf(XpubPayout.class);
        Payout single = Payout.parse("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", MarketNetwork.MAINNET);
        assertThat(single).isInstanceOf(AddressPayout.class);
        assertThat(single.addressFor(0)).isEqualTo(single.addressFor(99));
        assertThat(Payout.parse("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", MarketNetwork.MAINNET).addressFor(0)
                .toString()).isEqualTo("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2");
    }

    @Test
    void refusesKeysAndAddressesOfOtherNetworks() {
        String xpub = master.serializePubB58(MarketNetwork.MAINNET.bitcoinj());
        String tpub = master.serializePubB58(MarketNetwork.TESTNET.bitcoinj());
        assertThatThrownBy(() -> Payout.parse(xpub, MarketNetwork.TESTNET)).isInstanceOf(InvalidPayoutException.class);
        assertThatThrownBy(() -> Payout.parse(tpub, MarketNetwork.MAINNET)).isInstanceOf(InvalidPayoutException.class);
        assertThatThrownBy(() -> Payout.parse("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", MarketNetwork.REGTEST))
                .isInstanceOf(InvalidPayoutException.class);
        assertThatThrownBy(() -> Payout.parse("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", MarketNetwork.REGTEST))
                .isInstanceOf(InvalidPayoutException.class);
    }

    @Test
    void refusesPrivateKeysWithoutEchoingThem() {
        String tprv = master.serializePrivB58(MarketNetwork.REGTEST.bitcoinj());
        assertThatThrownBy(() -> Payout.parse(tprv, MarketNetwork.REGTEST))
                .isInstanceOf(InvalidPayoutException.class)
                .hasMessageContaining("PRIVATE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(tprv.substring(4)));
    }

    @Test
    void refusesGarbageAndBadIndexes() {
        assertThatThrownBy(() -> Payout.parse("", MarketNetwork.REGTEST)).isInstanceOf(InvalidPayoutException.class);
        assertThatThrownBy(() -> Payout.parse("tpubNOTAKEY", MarketNetwork.REGTEST))
                .isInstanceOf(InvalidPayoutException.class);
        assertThatThrownBy(() -> Payout.parse("hello", MarketNetwork.REGTEST))
                .isInstanceOf(InvalidPayoutException.class);
        assertThatThrownBy(() -> Payout.parse("x".repeat(300), MarketNetwork.REGTEST))
                .isInstanceOf(InvalidPayoutException.class);
        Payout p = Payout.parse(master.serializePubB58(MarketNetwork.REGTEST.bitcoinj()), MarketNetwork.REGTEST);
        assertThatThrownBy(() -> p.addressFor(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
