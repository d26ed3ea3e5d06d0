package io.grapevine.market.delegation;

/** Why a reseller delegation does not authorize a sale. */
public enum DelegationRefusal {
    /** The signature does not verify under the seller key it names. */
    FORGED,
    /** Signed by (naming) another seller than the listing's. */
    WRONG_SELLER,
    /** Delegates to another key than the one acting as reseller. */
    WRONG_RESELLER,
    /** Does not list the listing being sold. */
    LISTING_NOT_COVERED,
    /** Past its expiry at the time that matters. */
    EXPIRED,
    /** Issued after the time that matters (beyond clock skew). */
    NOT_YET_VALID
}
