package io.grapevine.blocklist.denylist;

/** A denylist that does not parse; {@link #line()} is 1-based (0 when the problem is not tied to a line). */
public final class DenylistFormatException extends Exception {
    private final int line;

    public DenylistFormatException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
