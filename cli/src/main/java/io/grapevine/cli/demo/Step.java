package io.grapevine.cli.demo;

import java.util.List;

/** One step of the walk-through: what it shows, and the work, which returns the lines to print under it. */
record Step(String title, Work work) {
    @FunctionalInterface
    interface Work {
        List<String> run() throws Exception;
    }
}
