package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * {@code POST /api/v1/market/payments} {orderId, rawTx?: hex, proof?: hex (gettxoutproof;
 * optional when the wallet saw the transaction mined; both absent: the seller looks for the payment in the blocks it
 * scanned)}: submits the payment to the
 * order's seller; answers the license (stored), or 409 with the verifier's reason (underpaid, wrong_address, ...).
 */
final class SubmitPaymentRoute implements Handler {
    private final MarketFeature market;

    SubmitPaymentRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        var body = MarketRequests.body(ctx);
        var id = MarketRequests.orderId(MarketRequests.text(body, "orderId"), "orderId");
        if (market.ledger().purchase(id).isEmpty()) {
            throw new ApiError(404, "unknown_order", "no purchase " + id.hex() + " on this node");
        }
        byte[] rawTx;
        byte[] proof;
        if (!body.hasNonNull("rawTx") && !body.hasNonNull("proof")) {
            // No proof: the seller is asked to use a payment it found itself by scanning blocks.
            rawTx = new byte[0];
            proof = new byte[0];
        } else if (body.hasNonNull("proof")) {
            rawTx = MarketRequests.hex(body, "rawTx");
            proof = MarketRequests.hex(body, "proof");
        } else {
            rawTx = MarketRequests.hex(body, "rawTx");
            // Paid from our wallet: it kept the proof when the block with the transaction came in.
            proof = walletProof(rawTx);
        }
        var held = MarketRequests.await(market.buyer().pay(id, rawTx, proof));
        ApiJson.send(ctx, 201, MarketJson.license(held.license()));
    }

    private byte[] walletProof(byte[] rawTx) {
        org.bitcoinj.base.Sha256Hash txid;
        try {
            txid = org.bitcoinj.core.Transaction.read(java.nio.ByteBuffer.wrap(rawTx)).getTxId();
        } catch (RuntimeException e) {
            throw MarketRequests.badField("rawTx", "not a transaction");
        }
        return market.wallet().flatMap(w -> w.proof(txid)).orElseThrow(() -> MarketRequests.badField("proof",
                "required: the wallet has not seen transaction " + txid + " in a block"));
    }
}
