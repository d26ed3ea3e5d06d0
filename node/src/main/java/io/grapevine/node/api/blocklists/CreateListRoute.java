package io.grapevine.node.api.blocklists;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.ListRules;
import io.grapevine.blocklist.list.VotingMode;
import io.grapevine.node.blocklists.BlocklistFeature;
import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.ArrayList;
import java.util.List;

/** {@code POST /blocklists}: founds a list with this node's key, and follows it. */
final class CreateListRoute implements Handler {
    static final List<String> DEFAULT_CATEGORIES = List.of("illegal", "malware", "other", "spam");
    private final BlocklistFeature feature;

    CreateListRoute(BlocklistFeature feature) {
        this.feature = feature;
    }

    @Override
    public void handle(Context ctx) {
        JsonNode body = BlocklistRequests.body(ctx);
        String name = BlocklistRequests.requiredText(body, "name");
        String description = BlocklistRequests.text(body, "description");
        String modeText = BlocklistRequests.text(body, "votingMode");
        VotingMode mode = switch (modeText == null ? "open" : modeText) {
            case "open" -> VotingMode.OPEN;
            case "members-only" -> VotingMode.MEMBERS_ONLY;
            default -> throw BlocklistRequests.badField("votingMode", "open or members-only");
        };
        Integer difficulty = BlocklistRequests.integer(body, "stampDifficulty");
        Integer minVotes = BlocklistRequests.integer(body, "minVotes");
        String fraction = BlocklistRequests.text(body, "fraction");
        Integer windowDays = BlocklistRequests.integer(body, "windowDays");
        List<String> categories = new ArrayList<>();
        JsonNode c = body.get("categories");
        if (c != null && !c.isNull()) {
            if (!c.isArray()) {
                throw BlocklistRequests.badField("categories", "must be an array of strings");
            }
            c.forEach(e -> categories.add(e.asText()));
        }
        int[] f = BlocklistRequests.fraction(fraction == null ? "1/2" : fraction);
        BlockRule rule;
        try {
            rule = new BlockRule(minVotes == null ? 3 : minVotes, f[0], f[1]);
        } catch (IllegalArgumentException e) {
            throw BlocklistRequests.badField(minVotes != null && minVotes < 1 ? "minVotes" : "fraction", e.getMessage());
        }
        int days = windowDays == null ? 30 : windowDays;
        if (days < 1 || days > 3650) {
            throw BlocklistRequests.badField("windowDays", "1 to 3650 days");
        }
        ListRules rules;
        try {
            rules = new ListRules(mode, difficulty == null ? (mode == VotingMode.OPEN ? 16 : 0) : difficulty, rule,
                    days * 86_400_000L, categories.isEmpty() ? DEFAULT_CATEGORIES : categories);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw BlocklistRequests.badField(m.contains("categor") ? "categories" : "stampDifficulty", m);
        }
        ListDefinition d = BlocklistRequests.call(() -> feature.createList(name, description == null ? "" : description, rules));
        ApiJson.send(ctx, 201, BlocklistJson.list(feature.service().view(d.id(), true), true));
    }
}
