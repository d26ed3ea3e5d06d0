package io.grapevine.blocklist.list;

/**
 * When a target counts as blocked: at least {@code minVotes} block votes AND block votes make at least
 * {@code fractionNumerator/fractionDenominator} of the votes counted on it. A rational, not a double, so every
 * node compares exactly: blocked iff block &gt;= minVotes and block * den &gt;= num * (block + unblock).
 */
public record BlockRule(int minVotes, int fractionNumerator, int fractionDenominator) {
    public BlockRule {
        if (minVotes < 1) {
            throw new IllegalArgumentException("minVotes must be >= 1");
        }
        if (fractionDenominator < 1 || fractionNumerator < 0 || fractionNumerator > fractionDenominator) {
            throw new IllegalArgumentException("fraction must be num/den with 0 <= num <= den, den >= 1");
        }
    }

    public boolean blocks(int blockVotes, int unblockVotes) {
        long total = (long) blockVotes + unblockVotes;
        return blockVotes >= minVotes && (long) blockVotes * fractionDenominator >= (long) fractionNumerator * total;
    }

    @Override
    public String toString() {
        return ">= " + minVotes + " votes and >= " + fractionNumerator + "/" + fractionDenominator + " say block";
    }
}
