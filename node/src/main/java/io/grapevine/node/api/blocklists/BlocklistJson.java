package io.grapevine.node.api.blocklists;

import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.policy.ListVerdict;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.TargetKind;
import io.grapevine.node.blocklists.BlockDecisions;
import io.grapevine.node.blocklists.BlocklistService;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PublicKeys;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of lists, targets and decisions (documented in docs/api.md). */
final class BlocklistJson {
    private BlocklistJson() {
    }

    static Map<String, Object> list(BlocklistService.ListView v, boolean full) {
        ListDefinition d = v.definition();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id().toString());
        m.put("name", d.name());
        m.put("description", d.description());
        m.put("founder", key(d.founderKey()));
        m.put("createdAt", d.createdAtMillis());
        m.put("votingMode", d.rules().votingMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("stampDifficulty", d.rules().stampDifficulty());
        m.put("rule", rule(d.rules().blockRule()));
        m.put("windowMillis", d.rules().windowMillis());
        m.put("categories", d.rules().categories());
        m.put("followed", v.followed());
        m.put("localRule", v.localRule().map(BlocklistJson::rule).orElse(null));
        m.put("votes", v.votes());
        m.put("pending", v.pending());
        if (full) {
            // The signed definition: another node follows the list by posting it to its own /follow.
            m.put("definition", Base64.getEncoder().encodeToString(v.signed().encode()));
            List<Map<String, Object>> targets = new ArrayList<>();
            BlockRule effective = v.localRule().orElse(d.rules().blockRule());
            v.counts().forEach((t, c) -> {
                Map<String, Object> e = target(t);
                e.put("block", c.blockVotes());
                e.put("unblock", c.unblockVotes());
                e.put("blocked", c.blockedBy(effective));
                targets.add(e);
            });
            m.put("targets", targets);
        }
        return m;
    }

    static Map<String, Object> rule(BlockRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minVotes", r.minVotes());
        m.put("fraction", r.fractionNumerator() + "/" + r.fractionDenominator());
        return m;
    }

    static Map<String, Object> target(Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (t.kind() == TargetKind.CONTENT) {
            m.put("content", t.contentId());
        } else {
            m.put("publisher", key(t.value()));
        }
        return m;
    }

    /** A key as its peer id when it parses, else hex. */
    static String key(byte[] marshalled) {
        try {
            return PeerId.fromPublicKey(PublicKeys.unmarshal(marshalled)).toBase58();
        } catch (RuntimeException e) {
            return HexFormat.of().formatHex(marshalled);
        }
    }

    static Map<String, Object> verdict(BlockDecisions.Verdict v) {
        Map<String, Object> m = target(v.target());
        m.put("blocked", v.blocked());
        m.put("reason", v.reason());
        m.put("local", v.decision().explanation().local().name().toLowerCase(java.util.Locale.ROOT));
        List<Map<String, Object>> lists = new ArrayList<>();
        for (ListVerdict l : v.decision().explanation().lists()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", l.listId().toString());
            e.put("name", l.listName());
            e.put("block", l.counts().blockVotes());
            e.put("unblock", l.counts().unblockVotes());
            e.put("rule", rule(l.rule()));
            e.put("localRule", l.ruleOverridden());
            e.put("blocked", l.blocked());
            lists.add(e);
        }
        m.put("lists", lists);
        m.put("denylist", v.denylist().orElse(null));
        return m;
    }
}
