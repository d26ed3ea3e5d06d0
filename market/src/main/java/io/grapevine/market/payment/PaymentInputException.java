package io.grapevine.market.payment;

/** Raised while parsing a payment's transaction or proof; carries the refusal reason to report. */
final class PaymentInputException extends Exception {
    private final RefusalReason reason;

    PaymentInputException(RefusalReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    RefusalReason reason() {
        return reason;
    }
}
