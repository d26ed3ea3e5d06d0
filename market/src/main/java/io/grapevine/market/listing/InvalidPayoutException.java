package io.grapevine.market.listing;

/** A payout string that is not a usable public extended key or address on the listing's network. */
public final class InvalidPayoutException extends IllegalArgumentException {
    public InvalidPayoutException(String message) {
        super(message);
    }
}
