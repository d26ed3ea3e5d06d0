package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * A command that GETs one API route and prints it as titled tables, one per array of the answer (e.g. purchases and
 * sales), or the answer's JSON with {@code --json}.
 */
abstract class TableSectionsCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    private final String route;
    private final List<String> sections;
    private final List<String> header;
    private final List<String> fields;

    TableSectionsCommand(String route, List<String> sections, List<String> header, List<String> fields) {
        this.route = route;
        this.sections = sections;
        this.header = header;
        this.fields = fields;
    }

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        JsonNode body = ApiClient.forHome(nodeHome).get(route, nodeHome);
        System.out.print(json ? body + "\n" : Table.sections(body, sections, header, fields));
        return 0;
    }
}
