package io.grapevine.market.delegation;

/** A delegation that does not authorize the sale, with the precise reason. */
public final class DelegationRefusedException extends Exception {
    private final DelegationRefusal reason;

    public DelegationRefusedException(DelegationRefusal reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public DelegationRefusal reason() {
        return reason;
    }
}
