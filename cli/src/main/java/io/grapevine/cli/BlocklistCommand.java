package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code grapevine blocklist ...}: community blocklists of the running node, through its API (docs/api.md). */
@Command(name = "blocklist", description = "Create, follow and vote on community blocklists; ask why something is blocked.",
        subcommands = {BlocklistCommand.Create.class, BlocklistCommand.Follow.class, BlocklistCommand.Unfollow.class,
                BlocklistCommand.Vote.class, BlocklistCommand.Show.class, BlocklistCommand.Why.class,
                BlocklistCommand.Allow.class, BlocklistCommand.Block.class, BlocklistCommand.Export.class,
                BlocklistCommand.Import.class})
final class BlocklistCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Home, --json and the API call; subclasses say what to call and how to print it for people. */
    abstract static class Sub implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Option(names = "--json", description = "Print the API's JSON instead of text.")
        boolean json;

        abstract JsonNode call(ApiClient api, NodeHome home);

        abstract void print(JsonNode body, PrintStream out);

        @Override
        public Integer call() {
            NodeHome nodeHome = home.resolve();
            JsonNode body = call(ApiClient.forHome(nodeHome), nodeHome);
            if (json) {
                System.out.println(body.toString());
            } else {
                print(body, System.out);
            }
            return 0;
        }
    }

    /** Exactly one of a content id (positional) or --publisher. */
    static final class TargetArg {
        @Parameters(index = "0", arity = "0..1", paramLabel = "CONTENT_ID", description = "A content id.")
        String content;

        @Option(names = "--publisher", paramLabel = "PEER_ID", description = "A publisher, by peer id.")
        String publisher;

        Map<String, Object> fields() {
            if ((content == null) == (publisher == null)) {
                throw new ApiClient.Failure("give a CONTENT_ID or --publisher PEER_ID (one of them)");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            if (content != null) {
                m.put("content", content);
            } else {
                m.put("publisher", publisher);
            }
            return m;
        }

        String query() {
            Map<String, Object> f = fields();
            Map.Entry<String, Object> e = f.entrySet().iterator().next();
            return e.getKey() + "=" + URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8);
        }
    }

    static void printDecision(JsonNode d, PrintStream out) {
        String what = d.has("content") ? d.path("content").asText() : "publisher " + d.path("publisher").asText();
        out.println(what + ": " + (d.path("blocked").asBoolean() ? "BLOCKED" : "not blocked"));
        out.println("why: " + d.path("reason").asText());
    }

    @Command(name = "create", description = "Found a list with this node's key (and follow it); prints its id.")
    static final class Create extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--description")
        String description;
        @Option(names = "--members-only", description = "Only invited members vote (default: open, with a stamp).")
        boolean membersOnly;
        @Option(names = "--difficulty", description = "Stamp difficulty of votes on an open list (default 16).")
        Integer difficulty;
        @Option(names = "--min-votes", description = "Block votes needed (default 3).")
        Integer minVotes;
        @Option(names = "--fraction", description = "Share of votes that must say block, e.g. 2/3 (default 1/2).")
        String fraction;
        @Option(names = "--window-days", description = "Votes count this many days (default 30).")
        Integer windowDays;
        @Option(names = "--category", description = "A reason category (repeat); default illegal, malware, other, spam.")
        List<String> categories = new ArrayList<>();

        @Override
        JsonNode call(ApiClient api, NodeHome home) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("description", description);
            body.put("votingMode", membersOnly ? "members-only" : "open");
            body.put("stampDifficulty", difficulty);
            body.put("minVotes", minVotes);
            body.put("fraction", fraction);
            body.put("windowDays", windowDays);
            if (!categories.isEmpty()) {
                body.put("categories", categories);
            }
            body.values().removeIf(v -> v == null);
            return api.post("blocklists", body, home);
        }

        @Override
        void print(JsonNode b, PrintStream out) {
            out.println(b.path("id").asText());
        }
    }

    @Command(name = "follow", description = "Follow a list, by id (and its definition if this node does not know it).")
    static final class Follow extends Sub {
        @Parameters(index = "0", paramLabel = "LIST_ID")
        String id;
        @Option(names = "--definition", description = "The list's signed definition (base64, from 'show --json' on a node that has it).")
        String definition;
        @Option(names = "--min-votes", description = "A local threshold instead of the list's.")
        Integer minVotes;
        @Option(names = "--fraction", description = "A local fraction instead of the list's, e.g. 2/3.")
        String fraction;

        @Override
        JsonNode call(ApiClient api, NodeHome home) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("definition", definition);
            body.put("minVotes", minVotes);
            body.put("fraction", fraction);
            body.values().removeIf(v -> v == null);
            return api.post("blocklists/" + id + "/follow", body, home);
        }

        @Override
        void print(JsonNode b, PrintStream out) {
            out.println("following " + b.path("name").asText() + " (" + b.path("id").asText() + ")");
        }
    }

    @Command(name = "unfollow", description = "Stop following a list.")
    static final class Unfollow extends Sub {
        @Parameters(index = "0", paramLabel = "LIST_ID")
        String id;

        @Override
        JsonNode call(ApiClient api, NodeHome home) {
            return api.post("blocklists/" + id + "/unfollow", null, home);
        }

        @Override
        void print(JsonNode b, PrintStream out) {
            out.println("no longer following " + b.path("name").asText() + " (" + b.path("id").asText() + ")");
        }
    }

    @Command(name = "vote", description = "Vote to block (or --unblock) a content id or --publisher on a list.")
    static final class Vote extends Sub {
        @Parameters(index = "0", paramLabel = "LIST_ID")
        String id;
        @Parameters(index = "1", arity = "0..1", paramLabel = "CONTENT_ID")
        String content;
        @Option(names = "--publisher", paramLabel = "PEER_ID")
        String publisher;
        @Option(names = "--reason", required = true, description = "One of the list's categories.")
        String reason;
        @Option(names = "--unblock", description = "Vote to unblock instead.")
        boolean unblock;

        @Override
        JsonNode call(ApiClient api, NodeHome home) {
            TargetArg t = new TargetArg();
            t.content = content;
            t.publisher = publisher;
            Map<String, Object> body = new LinkedHashMap<>(t.fields());
            body.put("action", unblock ? "unblock" : "block");
            body.put("reason", reason);
            return api.post("blocklists/" + id + "/votes", body, home);
        }

        @Override
        void print(JsonNode b, PrintStream out) {
            printDecision(b, out);
        }
    }

    @Command(name = "show", description = "Show one list (rules and tally), or all known lists without an id.")
    static final class Show extends Sub {
        @Parameters(index = "0", arity = "0..1", paramLabel = "LIST_ID")
        String id;

        @Override
        JsonNode call(ApiClient api, NodeHome home) {
            return api.get(id == null ? "blocklists" : "blocklists/" + id, home);
        }

        @Override
        void print(JsonNode b, PrintStream out) {
            if (id == null) {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode l : b.path("lists")) {
                    rows.add(List.of(l.path("id").asText(), l.path("name").asText(), l.path("votingMode").asText(),
                            l.path("followed").asBoolean() ? "yes" : "no", Integer.toString(l.path("votes").asInt())));
                }
                out.print(Table.render(List.of("ID", "NAME", "VOTING", "FOLLOWED", "VOTES"), rows));
                return;
            }
            JsonNode rule = b.path("localRule").isObject() ? b.path("localRule") : b.path("rule");
            out.println("list:     " + b.path("name").asText() + " (" + b.path("id").asText() + ")");
            out.println("voting:   " + b.path("votingMode").asText() + ", rule >= " + rule.path("minVotes").asInt()
                    + " votes and >= " + rule.path("fraction").asText() + " say block"
                    + (b.path("localRule").isObject() ? " (local)" : ""));
            out.println("followed: " + (b.path("followed").asBoolean() ? "yes" : "no"));
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode t : b.path("targets")) {
                rows.add(List.of(t.has("content") ? t.path("content").asText() : "publisher " + t.path("publisher").asText(),
                        Integer.toString(t.path("block").asInt()), Integer.toString(t.path("unblock").asInt()),
                        t.path("blocked").asBoolean() ? "yes" : "no"));
            }
            out.print(Table.render(List.of("TARGET", "BLOCK", "UNBLOCK", "BLOCKED"), rows));
        }
    }

    @Command(name = "why", description = "Say whether a content id or --publisher is blocked here, and why.")
    static final class Why extends Sub {
        @ArgGroup(exclusive = false, multiplicity = "1")
        TargetArg target;

        @Override
        JsonNode call(ApiClient api, NodeHome home) {
            return api.get("blocking/why?" + target.query(), home);
        }

        @Override
        void print(JsonNode b, PrintStream out) {
            printDecision(b, out);
        }
    }

    abstract static class LocalSub extends Sub {
        @ArgGroup(exclusive = false, multiplicity = "1")
        TargetArg target;
        @Option(names = "--clear", description = "Remove the local entry instead.")
        boolean clear;

        abstract String action();

        @Override
        JsonNode call(ApiClient api, NodeHome home) {
            Map<String, Object> body = new LinkedHashMap<>(target.fields());
            body.put("action", clear ? "clear" : action());
            return api.post("blocking/local", body, home);
        }

        @Override
        void print(JsonNode b, PrintStream out) {
            printDecision(b, out);
        }
    }

    @Command(name = "allow", description = "Allow a content id or --publisher on this node, whatever the lists say.")
    static final class Allow extends LocalSub {
        @Override
        String action() {
            return "allow";
        }
    }

    @Command(name = "block", description = "Block a content id or --publisher on this node, whatever the lists say.")
    static final class Block extends LocalSub {
        @Override
        String action() {
            return "block";
        }
    }

    @Command(name = "export", description = "Print what this node (or --list) blocks as an IPIP-383 denylist.")
    static final class Export implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Option(names = "--list", paramLabel = "LIST_ID")
        String list;
        @Option(names = "--double-hash", description = "Write double-hashed entries, which do not reveal the items.")
        boolean doubleHash;
        @Option(names = "--out", description = "Write to this file instead of standard output.")
        Path out;

        @Override
        public Integer call() throws IOException {
            NodeHome nodeHome = home.resolve();
            List<String> q = new ArrayList<>();
            if (list != null) {
                q.add("list=" + URLEncoder.encode(list, StandardCharsets.UTF_8));
            }
            if (doubleHash) {
                q.add("doubleHash=true");
            }
            String text = ApiClient.forHome(nodeHome).getText("blocking/export" + (q.isEmpty() ? "" : "?" + String.join("&", q)), nodeHome);
            if (out != null) {
                Files.writeString(out, text);
            } else {
                System.out.print(text);
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Import an IPIP-383 denylist file; its entries block here unless allowed locally.")
    static final class Import extends Sub {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;
        @Option(names = "--name", description = "Name of the imported list (default: the file name).")
        String name;

        @Override
        JsonNode call(ApiClient api, NodeHome home) {
            String text;
            try {
                if (Files.size(file) > 60 * 1024) {
                    throw new ApiClient.Failure(file + " is larger than the API's 60 KiB import limit");
                }
                text = Files.readString(file);
            } catch (IOException e) {
                throw new ApiClient.Failure("cannot read " + file + ": " + e.getMessage());
            }
            String n = name != null ? name : file.getFileName().toString();
            return api.postText("blocking/import?name=" + URLEncoder.encode(n, StandardCharsets.UTF_8), text, home);
        }

        @Override
        void print(JsonNode b, PrintStream out) {
            out.println("imported " + b.path("rules").asInt() + " rules as " + b.path("name").asText());
        }
    }
}
