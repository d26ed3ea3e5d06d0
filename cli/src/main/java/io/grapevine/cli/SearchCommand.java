package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code grapevine search QUERY}: the running node's search results as a table (or the API's JSON). */
@Command(name = "search", description = "Search the announcements the running node has accepted.")
final class SearchCommand implements Callable<Integer> {
    private static final int TITLE_WIDTH = 60;

    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "QUERY", description = "Words, \"phrases\", field:value, prefix*, ...; * for everything.")
    String query;

    @Option(names = "--limit", description = "Results to show, 1-100 (default 20).", defaultValue = "20")
    int limit;

    @ArgGroup(exclusive = true)
    Price price;

    static final class Price {
        @Option(names = "--free", description = "Only free items.")
        boolean free;
        @Option(names = "--paid", description = "Only paid items.")
        boolean paid;
    }

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NodeHome nodeHome = home.resolve();
        StringBuilder path = new StringBuilder("search?q=").append(URLEncoder.encode(query, StandardCharsets.UTF_8))
                .append("&limit=").append(limit);
        if (price != null && price.free) path.append("&free=true");
        if (price != null && price.paid) path.append("&paid=true");
        JsonNode body = ApiClient.forHome(nodeHome).get(path.toString(), nodeHome);
        if (json) {
            System.out.println(body.toString());
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode hit : body.path("hits")) {
            long priceSats = hit.path("priceSats").asLong();
            rows.add(List.of(shorten(hit.path("title").asText()), bytes(hit.path("totalSize").asLong()),
                    priceSats == 0 ? "free" : priceSats + " sat", hit.path("contentId").asText(),
                    Integer.toString(hit.path("providers").size())));
        }
        System.out.print(Table.render(List.of("TITLE", "SIZE", "PRICE", "CONTENT ID", "PROVIDERS"), rows));
        long total = body.path("totalHits").asLong();
        System.out.println(rows.size() + " of " + total + (body.path("totalHitsExact").asBoolean(true) ? "" : "+")
                + (total == 1 ? " result" : " results"));
        return 0;
    }

    private static String shorten(String title) {
        String oneLine = title.replaceAll("\\s+", " ");
        return oneLine.length() <= TITLE_WIDTH ? oneLine : oneLine.substring(0, TITLE_WIDTH - 3) + "...";
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
