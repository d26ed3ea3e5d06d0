package io.grapevine.node.interop;

import java.util.ArrayList;
import java.util.List;

/** What a test started (nodes, js peers), closed in reverse order; one failing close does not stop the others. */
final class Closer implements AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();

    /** Registers {@code c} to be closed, and returns it. */
    <T extends AutoCloseable> T add(T c) {
        started.add(c);
        return c;
    }

    @Override
    public void close() {
        for (AutoCloseable c : started.reversed()) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Best effort: the rest still close.
            }
        }
        started.clear();
    }
}
