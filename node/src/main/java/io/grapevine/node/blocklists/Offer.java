package io.grapevine.node.blocklists;

/** The outcome of offering a signed record to the node's blocklists: taken, or refused with a reason and detail. */
public record Offer(Refusal refusal, String detail) {
    public static final Offer ACCEPTED = new Offer(null, "");

    public static Offer refused(Refusal refusal, String detail) {
        return new Offer(refusal, detail);
    }

    public boolean accepted() {
        return refusal == null;
    }

    @Override
    public String toString() {
        return accepted() ? "accepted" : refusal.code() + (detail.isEmpty() ? "" : ": " + detail);
    }
}
