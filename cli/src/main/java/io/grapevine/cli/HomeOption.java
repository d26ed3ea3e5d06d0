package io.grapevine.cli;

import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --home DIR}, shared by every command that needs a node's home folder. */
final class HomeOption {
    @Option(names = "--home", paramLabel = "DIR",
            description = "Node home folder (default: $GRAPEVINE_HOME, else ~/.grapevine).")
    Path home;

    NodeHome resolve() {
        return NodeHome.resolve(home);
    }
}
