package io.grapevine.market.order;

import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.testing.Fixtures;
import org.bitcoinj.base.Coin;
import org.bitcoinj.uri.BitcoinURI;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTest {
    private final Listing listing = Fixtures.regtestListing(123_456);
    private final Instant now = Instant.parse("2026-01-02T03:04:05.678Z");
    private final Order order = Order.create(listing, listing.payout(), Fixtures.buyer("b"), 7, now,
            Duration.ofMinutes(30));

    @Test
    void carriesTheListingPriceAndADerivedAddress() {
        assertThat(order.amountSats()).isEqualTo(123_456);
        assertThat(order.addressIndex()).isEqualTo(7);
        assertThat(order.payToAddress()).isEqualTo(listing.payout().addressFor(7).toString());
        assertThat(order.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(30)));
        assertThat(order.expiredAt(now.plus(Duration.ofMinutes(31)))).isTrue();
    }

    @Test
    void bip21UriRoundTripsThroughBitcoinj() throws Exception {
        String uri = order.paymentUri("Grapevine listing");
        assertThat(uri).startsWith("bitcoin:" + order.payToAddress() + "?amount=0.00123456");
        BitcoinURI parsed = BitcoinURI.of(uri, order.network().bitcoinj());
        assertThat(parsed.getAddress()).isEqualTo(order.address());
        assertThat(parsed.getAmount()).isEqualTo(Coin.valueOf(123_456));
        assertThat(parsed.getMessage()).contains(order.orderId().hex());
    }

    @Test
    void encodingRoundTripsAndRefusesTamperedBytes() throws Exception {
        byte[] enc = order.encode();
        assertThat(Order.decode(enc)).isEqualTo(order);
        assertThatThrownBy(() -> Order.decode(Arrays.copyOf(enc, enc.length + 1)))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Order.decode(Arrays.copyOf(enc, enc.length - 1)))
                .isInstanceOf(MalformedRecordException.class);
        byte[] lengthBomb = enc.clone();
        int afterTagAndId = 4 + "grapevine/market/order/1".length() + OrderId.LENGTH;
        lengthBomb[afterTagAndId] = 0x7f; // listing id length ~2 GB: refused before allocating
        assertThatThrownBy(() -> Order.decode(lengthBomb)).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void refusesInvalidOrders() {
        assertThatThrownBy(() -> new Order(OrderId.random(), "x", new byte[0], 1000, order.network(),
                order.payToAddress(), 0, now, now.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Order(OrderId.random(), "x", new byte[1], 1000, order.network(),
                order.payToAddress(), 0, now, now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Order(OrderId.random(), "x", new byte[1], 1000, order.network(),
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", 0, now, now.plusSeconds(1)))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> OrderId.parse("abc")).isInstanceOf(IllegalArgumentException.class);
    }
}
