package io.grapevine.cli;

import io.grapevine.node.daemon.GrapevineVersion;
import picocli.CommandLine;

/** Prints the version picocli shows for {@code --version}. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {GrapevineVersion.AGENT};
    }
}
