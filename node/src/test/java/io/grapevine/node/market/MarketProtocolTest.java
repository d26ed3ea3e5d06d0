package io.grapevine.node.market;

import static io.grapevine.node.market.MarketFixture.get;
import static io.grapevine.node.market.MarketFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.market.contentkey.ContentKey;
import io.grapevine.market.license.SignedLicense;
import io.grapevine.market.regtest.RegtestMiner;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.market.proto.MarketRequest;
import io.grapevine.node.market.proto.MarketResponse;
import io.grapevine.node.market.proto.OrderRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Orders, payments and licenses over /grapevine/market/1 between hosts on 127.0.0.1, paid on an in-process regtest. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MarketProtocolTest {
    private static final long PRICE = 25_000;

    @TempDir
    Path tmp;

    private MarketFixture fx;
    private MarketFixture.Peer seller;
    private MarketFixture.Peer buyer;
    private MarketFixture.Peer other;
    private PaidShares.PaidShare share;
    private byte[] original;

    @BeforeEach
    void setUp() throws Exception {
        fx = new MarketFixture(tmp);
        seller = fx.new Peer("seller");
        buyer = fx.new Peer("buyer");
        other = fx.new Peer("other");
        buyer.dial(seller);
        other.dial(seller);
        original = new byte[100_000];
        new Random(7).nextBytes(original);
        Path file = Files.write(Files.createDirectories(tmp.resolve("src")).resolve("song.flac"), original);
        share = seller.shares.share(file, PRICE, MarketFixture.xpub(), MarketFixture.CHUNK);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private Purchase order(MarketFixture.Peer who) throws Exception {
        return get(who.buyer.order(seller.host.peerId(), share.contentId().toString()));
    }

    private HeldLicense payConfirmed(MarketFixture.Peer who, Purchase p, long sats) throws Exception {
        Transaction tx = fx.regtest.payment(p.order(), sats);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        return get(who.buyer.pay(p.order().orderId(), tx.serialize(), RegtestMiner.proof(b, 1)));
    }

    @Test
    void buyerOrdersPaysAndOpensTheKey() throws Exception {
        Purchase p = order(buyer);
        assertThat(p.order().amountSats()).isEqualTo(PRICE);
        assertThat(p.order().paymentUri("x")).startsWith("bitcoin:" + p.order().address() + "?amount=0.00025");
        HeldLicense held = payConfirmed(buyer, p, PRICE);

        assertThat(held.license().license().buyerPeerId()).isEqualTo(buyer.host.peerId().toBytes());
        ContentKey key = buyer.buyer.contentKey(held);
        assertThat(key.matches(share.listing().listing().contentKeyCommitment())).isTrue();
        assertThat(buyer.ledger.held(share.contentId().toString())).isPresent();
        assertThat(seller.ledger.granted(share.contentId().toString(), buyer.host.peerId())).isTrue();
        // Submitting the same proof again for the same order is idempotent: the same license.
        Transaction tx = fx.regtest.payment(p.order(), PRICE);
        assertThat(seller.ledger.issued(p.order().orderId())).isPresent();
        assertThat(tx).isNotNull();
    }

    @Test
    void underpaidIsRefusedAndTheOrderStaysPayable() throws Exception {
        Purchase p = order(buyer);
        Transaction tx = fx.regtest.payment(p.order(), PRICE - 1);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        assertThat(refusal(buyer.buyer.pay(p.order().orderId(), tx.serialize(), RegtestMiner.proof(b, 1))))
                .isEqualTo("UNDERPAID");
        assertThat(payConfirmed(buyer, p, PRICE)).isNotNull();
    }

    @Test
    void paymentToAnotherOrdersAddressIsWrongAddress() throws Exception {
        Purchase first = order(buyer);
        Purchase second = order(buyer);
        Transaction tx = fx.regtest.payment(first.order(), PRICE);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        assertThat(refusal(buyer.buyer.pay(second.order().orderId(), tx.serialize(), RegtestMiner.proof(b, 1))))
                .isEqualTo("WRONG_ADDRESS");
    }

    @Test
    void unconfirmedThenConfirmed() throws Exception {
        Purchase p = order(buyer);
        Transaction tx = fx.regtest.payment(p.order(), PRICE);
        Block b = fx.regtest.payAndMine(tx, 0);
        byte[] proof = RegtestMiner.proof(b, 1);
        assertThat(refusal(buyer.buyer.pay(p.order().orderId(), tx.serialize(), proof)))
                .isEqualTo("INSUFFICIENT_CONFIRMATIONS");
        fx.regtest.extend(MarketFixture.CONFIRMATIONS - 1);
        assertThat(get(buyer.buyer.pay(p.order().orderId(), tx.serialize(), proof))).isNotNull();
    }

    @Test
    void paymentReorgedAwayIsNotInBestChain() throws Exception {
        Purchase p = order(buyer);
        Block parent = fx.regtest.tip();
        Transaction tx = fx.regtest.payment(p.order(), PRICE);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        // A longer fork from the payment block's parent, without the payment.
        for (Block fork : fx.regtest.miner.mine(parent, MarketFixture.CONFIRMATIONS + 4)) {
            fx.regtest.accept(fork);
        }
        assertThat(refusal(buyer.buyer.pay(p.order().orderId(), tx.serialize(), RegtestMiner.proof(b, 1))))
                .isEqualTo("NOT_IN_BEST_CHAIN");
    }

    @Test
    void oneTxidUnlocksOneOrderOnly() throws Exception {
        PaidShares.PaidShare single = seller.shares.share(
                Files.write(tmp.resolve("single.bin"), new byte[20_000]), PRICE, MarketFixture.singleAddress(),
                MarketFixture.CHUNK);
        String id = single.contentId().toString();
        Purchase first = get(buyer.buyer.order(seller.host.peerId(), id));
        Purchase second = get(buyer.buyer.order(seller.host.peerId(), id));
        assertThat(first.order().address()).isEqualTo(second.order().address());
        Transaction tx = fx.regtest.payment(first.order(), PRICE);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        byte[] proof = RegtestMiner.proof(b, 1);
        assertThat(get(buyer.buyer.pay(first.order().orderId(), tx.serialize(), proof))).isNotNull();
        assertThat(refusal(buyer.buyer.pay(second.order().orderId(), tx.serialize(), proof)))
                .isEqualTo("TXID_ALREADY_USED");
    }

    @Test
    void unknownListingAndForeignOrder() throws Exception {
        assertThat(refusal(buyer.buyer.order(seller.host.peerId(), "bafynotforsale"))).isEqualTo("UNKNOWN_LISTING");
        Purchase p = order(buyer);
        Transaction tx = fx.regtest.payment(p.order(), PRICE);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        // Another peer submits the buyer's payment: the license would be sealed to it, so it is refused.
        other.ledger.putPurchase(new Purchase(p.order(), seller.host.peerId(), p.listing()));
        assertThat(refusal(other.buyer.pay(p.order().orderId(), tx.serialize(), RegtestMiner.proof(b, 1))))
                .isEqualTo("NOT_YOUR_ORDER");
    }

    @Test
    void forgedAndTransferredLicensesAreRefused() throws Exception {
        HeldLicense held = payConfirmed(buyer, order(buyer), PRICE);
        byte[] forged = held.license().encode();
        forged[forged.length - 1] ^= 1;
        assertThatThrownBy(() -> seller.seller.admit(forged, buyer.host.peerId()))
                .isInstanceOfSatisfying(MarketRefusedException.class, e -> assertThat(e.code()).isEqualTo("FORGED"));
        // The buyer's genuine license, presented by another peer.
        other.ledger.putHeld(held);
        assertThat(refusal(other.buyer.present(seller.host.peerId(), share.contentId().toString())))
                .isEqualTo("WRONG_BUYER");
        assertThat(get(buyer.buyer.present(seller.host.peerId(), share.contentId().toString()))).isNull();
        assertThat(seller.gate.allows(buyer.host.peerId(), share.contentId())).isTrue();
        assertThat(seller.gate.allows(other.host.peerId(), share.contentId())).isFalse();
    }

    @Test
    void buyerRefusesALicenseWhoseKeyIsNotTheListings() throws Exception {
        Purchase p = order(buyer);
        HeldLicense held = payConfirmed(buyer, p, PRICE);
        Purchase lying = new Purchase(p.order(), p.issuer(), new io.grapevine.market.listing.Listing(
                p.listing().listingId(), p.listing().sellerKey(), PRICE, p.listing().payout(), new byte[32]));
        assertThatThrownBy(() -> buyer.buyer.accept(lying, held.license().encode(), held.plainManifest()))
                .isInstanceOfSatisfying(MarketRefusedException.class,
                        e -> assertThat(e.code()).isEqualTo("WRONG_KEY"));
        SignedLicense signed = held.license();
        assertThat(signed.license().listingId()).isEqualTo(share.contentId().toString());
    }

    @Test
    void garbageGetsBadRequest() throws Exception {
        MarketResponse r = get(MarketClient.call(buyer.host, seller.host.peerId(),
                MarketRequest.newBuilder().build()));
        assertThat(r.getRefusal().getCode()).isEqualTo("BAD_REQUEST");
        r = get(MarketClient.call(buyer.host, seller.host.peerId(), MarketRequest.newBuilder()
                .setPayment(io.grapevine.node.market.proto.PaymentSubmission.newBuilder()
                        .setOrderId(com.google.protobuf.ByteString.copyFrom(new byte[3]))).build()));
        assertThat(r.getRefusal().getCode()).isEqualTo("BAD_REQUEST");
        // Raw garbage on the stream (an invalid varint prefix) is refused, not a crash.
        var stream = get(buyer.host.newStream(seller.host.peerId(), MarketProtocol.PROTOCOL_ID));
        CompletableFuture<MarketResponse> answer = new CompletableFuture<>();
        stream.channel().pipeline().addLast(new MarketFrameDecoder<>(MarketProtocol.MAX_RESPONSE_BYTES,
                MarketResponse::parseFrom), new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                        answer.complete((MarketResponse) msg);
                    }
                });
        stream.channel().writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        assertThat(get(answer).getRefusal().getCode()).isEqualTo("BAD_REQUEST");
        assertThat(get(MarketClient.call(buyer.host, seller.host.peerId(), MarketRequest.newBuilder()
                .setOrder(OrderRequest.newBuilder().setListingId(share.contentId().toString())).build()))
                .hasOrder()).isTrue();
    }

    @Test
    void plaintextManifestIsNotStoredBySeller() throws Exception {
        assertThat(seller.manifests.has(share.plainId())).isFalse();
        var sealed = seller.manifests.load(share.contentId());
        assertThat(sealed.totalSize()).isEqualTo(original.length + 16L * 7);
        assertThat(ManifestCodec.decodeRoot(share.plainId(), share.listing().plainManifest()).getTotalSize())
                .isEqualTo(original.length);
        assertThat(List.of(sealed.files().getFirst().path())).containsExactly("song.flac.grapevine-sealed");
    }
}
