package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code grapevine downloads}: the running node's downloads as a table. */
@Command(name = "downloads", description = "List the running node's downloads.")
final class DownloadsCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        JsonNode body = ApiClient.forHome(nodeHome).get("downloads", nodeHome);
        if (json) {
            System.out.println(body.toString());
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode d : body.path("downloads")) {
            JsonNode total = d.path("totalBytes");
            rows.add(List.of(d.path("contentId").asText(), d.path("state").asText(),
                    ProgressLine.bytes(d.path("verifiedBytes").asLong()) + " / "
                            + (total.isNumber() ? ProgressLine.bytes(total.asLong()) : "?"),
                    d.path("outputDir").asText()));
        }
        System.out.print(Table.render(List.of("CONTENT", "STATE", "BYTES", "FOLDER"), rows));
        System.out.println(rows.size() + (rows.size() == 1 ? " download" : " downloads"));
        return 0;
    }
}
