package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

import io.grapevine.market.chain.HeaderRejectedException;
import java.util.ArrayList;
import java.util.List;
import org.bitcoinj.core.Block;

/**
 * {@code POST /api/v1/market/blocks} {blocks: [hex]}: a local feed of block headers (80 bytes) or full blocks, in
 * chain order. Headers go to the header chain payments are verified against (proof of work checked there); full
 * blocks also go to the wallet, which learns of its payments and their proofs (blocks from before its birth are
 * ignored). Answers the chain's head.
 */
final class AddBlocksRoute implements Handler {
    static final int MAX_BLOCKS = 2_000;

    private final MarketFeature market;

    AddBlocksRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        var body = MarketRequests.body(ctx);
        var array = body.get("blocks");
        if (array == null || !array.isArray() || array.size() > MAX_BLOCKS) {
            throw MarketRequests.badField("blocks", "an array of at most " + MAX_BLOCKS + " hex blocks is required");
        }
        List<Block> blocks = new ArrayList<>();
        for (var e : array) {
            try {
                byte[] bytes = java.util.HexFormat.of().parseHex(e.asText());
                blocks.add(Block.read(java.nio.ByteBuffer.wrap(bytes)));
            } catch (RuntimeException ex) {
                throw MarketRequests.badField("blocks", "not a block: " + ex.getMessage());
            }
        }
        int added = 0;
        for (Block b : blocks) {
            try {
                if (market.headers().add(b.cloneAsHeader())) {
                    added++;
                }
                if (b.getTransactions() != null && market.wallet().isPresent()) {
                    market.wallet().get().acceptBlock(b);
                }
            } catch (HeaderRejectedException ex) {
                throw MarketRequests.badField("blocks", "block " + b.getHash() + " refused: " + ex.getMessage());
            } catch (java.io.IOException ex) {
                throw new ApiError(409, "wallet_refused_block", ex.getMessage());
            }
        }
        ApiJson.send(ctx, 200, Map.of("added", added, "height", market.headers().headHeight(),
                "head", market.headers().headHash().toString()));
    }
}
