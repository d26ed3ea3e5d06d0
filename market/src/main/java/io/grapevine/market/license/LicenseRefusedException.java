package io.grapevine.market.license;

import io.grapevine.market.delegation.DelegationRefusal;

/** A license refused with the precise reason (and the delegation's, when that is what failed). */
public final class LicenseRefusedException extends Exception {
    private final LicenseRefusal reason;
    private final DelegationRefusal delegationReason;

    public LicenseRefusedException(LicenseRefusal reason, String message) {
        this(reason, null, message);
    }

    public LicenseRefusedException(LicenseRefusal reason, DelegationRefusal delegationReason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
        this.delegationReason = delegationReason;
    }

    public LicenseRefusal reason() {
        return reason;
    }

    /** Set when {@link #reason()} is {@link LicenseRefusal#DELEGATION_REFUSED}. */
    public DelegationRefusal delegationReason() {
        return delegationReason;
    }
}
