package io.grapevine.market.license;

/** Why a license does not entitle its presenter to a listing's content. */
public enum LicenseRefusal {
    /** The signature does not verify under the issuer key it names. */
    FORGED,
    /** Bound to another buyer: the presenting peer is not the one that bought (a transferred license). */
    WRONG_BUYER,
    /** For another listing. */
    WRONG_LISTING,
    /** Names another seller than the listing's. */
    WRONG_SELLER,
    /** Past its expiry. */
    EXPIRED,
    /** Issued in the future (beyond clock skew). */
    NOT_YET_VALID,
    /** Issued by a reseller whose delegation does not hold; {@link LicenseRefusedException#delegationReason()}. */
    DELEGATION_REFUSED
}
