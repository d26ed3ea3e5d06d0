package io.grapevine.cli;

import io.grapevine.node.daemon.NodeConfig;
import io.grapevine.node.daemon.NodeHome;
import io.grapevine.node.identity.Identity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.util.concurrent.Callable;

/** Creates the identity and config in the home folder; never overwrites an existing key. */
@Command(name = "init", description = "Create this node's identity and config; print its peer id.")
final class InitCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        NodeHome nodeHome = home.resolve();
        initialize(nodeHome);
        System.out.println(Identity.loadOrCreate(nodeHome.dir()).peerId());
        return 0;
    }

    static void initialize(NodeHome nodeHome) throws Exception {
        nodeHome.ensureExists();
        if (!Files.exists(nodeHome.configFile())) NodeConfig.defaults().save(nodeHome.configFile());
    }
}
