package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.ApiServer;
import io.grapevine.node.market.MarketFeature;
import io.javalin.config.RoutesConfig;

/** Listings, orders, payments, licenses, paid downloads, the block feed and the wallet. Documented in docs/api.md. */
public final class MarketRoutes implements ApiRoutes {
    private final MarketFeature market;

    public MarketRoutes(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        String base = ApiServer.BASE;
        routes.get(base + "/market/listings", new ListListingsRoute(market));
        routes.get(base + "/market/orders", new ListOrdersRoute(market));
        routes.post(base + "/market/orders", new CreateOrderRoute(market));
        routes.get(base + "/market/orders/{orderId}", new GetOrderRoute(market));
        routes.post(base + "/market/payments", new SubmitPaymentRoute(market));
        routes.get(base + "/market/licenses", new ListLicensesRoute(market));
        routes.post(base + "/market/downloads", new StartPaidDownloadRoute(market));
        routes.post(base + "/market/blocks", new AddBlocksRoute(market));
        routes.get(base + "/market/resellers", new ListResellersRoute(market));
        routes.post(base + "/market/resellers", new AddResellerRoute(market));
        routes.post(base + "/market/resales", new TakeResaleRoute(market));
        routes.get(base + "/wallet", new WalletRoute(market));
        routes.post(base + "/wallet", new CreateWalletRoute(market));
        routes.post(base + "/wallet/pay", new PayOrderRoute(market));
    }
}
