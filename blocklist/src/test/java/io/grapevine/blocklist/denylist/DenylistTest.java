package io.grapevine.blocklist.denylist;

import io.grapevine.blocklist.codec.Sha256;
import io.grapevine.blocklist.vote.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DenylistTest {
    static Denylist parse(String text) throws IOException, DenylistFormatException {
        return new DenylistParser().parse(new StringReader(text));
    }

    /** A Grapevine content id: CIDv1, raw codec, sha2-256, base32. */
    static String rawCid(String data) {
        byte[] digest = Sha256.hash(data.getBytes(StandardCharsets.UTF_8));
        byte[] cid = new byte[36];
        cid[0] = 1;
        cid[1] = 0x55;
        cid[2] = 0x12;
        cid[3] = 32;
        System.arraycopy(digest, 0, cid, 4, 32);
        return "b" + Multibase.base32Encode(cid);
    }

    @Test
    void readsAFullFile() throws Exception {
        Denylist d = parse("""
                version: 1
                name: Example blocking list
                description: "Things: bad, \\"worse\\""
                author: 'abuse@example.com'
                maintainer_url: https://example.com/abuse   # custom field, kept
                hints:
                  gateway_status: 410
                  reason: spam
                ---
                # CID rule
                /ipfs/bafybeihvvulpp4evxj7x7armbqcyg6uezzuig6jp3lktpbovlqfkuqeuoq
                /ipfs/Qmah2YDTfrox4watLCr3YgKyBwvjq8FJZEFdWY6WtJ3Xt2/test*
                /ipfs/QmTuvSQbEDR3sarFAN9kAeXBpiBCyYYNxdxciazBba11eC/test/%20x/* gateway_status:451 x-custom:1

                !/ipfs/QmUboz9UsQBDeS6Tug1U8jgoFkgYxyYood9NDyVURAY9pK/blocked/not
                /ipns/domain.example
                /ipns/k51qzi5uqu5dhmzyv3zac033i7rl9hkgczxyl81lwoukda2htteop7d3x0y1mf
                //QmX9dhRcQcKUw3Ws8485T5a9dtjrSCQaUAHnG4iK9i4ceM
                //d9d295bde21f422d471a90f2a37ec53049fdf3e5fa3ee2e8f20e10003da429e7
                /ipfs/f01701e20903cf61d46521b05f926ba1634628d0bba8a7ffb5b6d5a3ca310682ca63b5ef0/path
                """);
        DenylistHeader h = d.header();
        assertThat(h.version()).isEqualTo(1);
        assertThat(h.name()).isEqualTo("Example blocking list");
        assertThat(h.description()).isEqualTo("Things: bad, \"worse\"");
        assertThat(h.author()).isEqualTo("abuse@example.com");
        assertThat(h.hints()).containsExactly(Map.entry("gateway_status", "410"), Map.entry("reason", "spam"));
        assertThat(h.custom()).containsExactly(Map.entry("maintainer_url", "https://example.com/abuse"));
        assertThat(d.rules()).hasSize(9);
        DenyRule third = d.rules().get(2);
        assertThat(third.path()).isEqualTo("/test/%20x/*");
        assertThat(third.hints()).containsExactly(Map.entry("gateway_status", "451"), Map.entry("x-custom", "1"));
        assertThat(d.rules().get(3).negated()).isTrue();
        assertThat(d.rules().get(4).kind()).isEqualTo(RuleKind.IPNS);
        assertThat(d.rules().get(6).kind()).isEqualTo(RuleKind.DOUBLE_HASH);
    }

    @Test
    void doubleHashVectorsFromTheSpecification() {
        // Modern: multihash of both the CIDv0 and the CIDv1 below is QmVTF1...; its double hash is QmX9dh...
        assertThat(DoubleHash.modern(Cid.parse("QmVTF1yEejXd9iMgoRTFDxBv7HAz9kuZcQNBzHrceuK9HR")))
                .isEqualTo("QmX9dhRcQcKUw3Ws8485T5a9dtjrSCQaUAHnG4iK9i4ceM");
        assertThat(DoubleHash.modern(Cid.parse("bafybeidjwik6im54nrpfg7osdvmx7zojl5oaxqel5cmsz46iuelwf5acja")))
                .isEqualTo("QmX9dhRcQcKUw3Ws8485T5a9dtjrSCQaUAHnG4iK9i4ceM");
        assertThat(Cid.parse("bafybeihrw75yfhdx5qsqgesdnxejtjybscwuclpusvxkuttep6h7pkgmze").multihashBase58())
                .isEqualTo("QmecDgNqCRirkc3Cjz9eoRBNwXGckJ9WvTdmY16HP88768");
        assertThat(DoubleHash.modernOf("QmecDgNqCRirkc3Cjz9eoRBNwXGckJ9WvTdmY16HP88768/my/path"))
                .isEqualTo("QmSju6XPmYLG611rmK7rEeCMFVuL6EHpqyvmEU6oGx3GR8");
        // Legacy badbits anchor: sha256 hex of "<CIDv1 base32>/".
        assertThat(DoubleHash.legacy(Cid.parse("bafybeiefwqslmf6zyyrxodaxx4vwqircuxpza5ri45ws3y5a62ypxti42e")))
                .isEqualTo("d9d295bde21f422d471a90f2a37ec53049fdf3e5fa3ee2e8f20e10003da429e7");
        // CIDv0 converts to the dag-pb CIDv1 for legacy anchors.
        Cid v0 = Cid.parse("QmVTF1yEejXd9iMgoRTFDxBv7HAz9kuZcQNBzHrceuK9HR");
        assertThat(v0.toV1Base32()).isEqualTo("bafybeidjwik6im54nrpfg7osdvmx7zojl5oaxqel5cmsz46iuelwf5acja");
    }

    @Test
    void importsABadbitsStyleFile() throws Exception {
        StringBuilder file = new StringBuilder("""
                version: 1
                name: badbits-style test list
                description: legacy double-hashed anchors, as the public badbits list publishes them
                ---
                """);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String cid = rawCid("bad " + i);
            bad.add(cid);
            file.append("//").append(DoubleHash.legacyOf(cid + "/")).append('\n');
        }
        file.append("# the public example entry\n")
                .append("//d9d295bde21f422d471a90f2a37ec53049fdf3e5fa3ee2e8f20e10003da429e7\n");
        DenylistMatcher m = new DenylistMatcher(parse(file.toString()));
        for (String cid : bad) {
            assertThat(m.isBlocked(Target.content(cid))).as(cid).isTrue();
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(m.isBlocked(Target.content(rawCid("good " + i)))).isFalse();
        }
        assertThat(m.isBlocked(Target.content("bafybeiefwqslmf6zyyrxodaxx4vwqircuxpza5ri45ws3y5a62ypxti42e")))
                .isTrue();
        assertThat(m.isBlocked(Target.content("not a cid"))).isFalse();
    }

    @Test
    void modernDoubleHashBlocksEveryCidOfTheMultihash() throws Exception {
        DenylistMatcher m = new DenylistMatcher(parse("//QmX9dhRcQcKUw3Ws8485T5a9dtjrSCQaUAHnG4iK9i4ceM\n"));
        assertThat(m.isBlocked(Target.content("QmVTF1yEejXd9iMgoRTFDxBv7HAz9kuZcQNBzHrceuK9HR"))).isTrue();
        assertThat(m.isBlocked(Target.content("bafybeidjwik6im54nrpfg7osdvmx7zojl5oaxqel5cmsz46iuelwf5acja")))
                .isTrue();
    }

    @Test
    void lastMatchingRuleWins() throws Exception {
        String cid = rawCid("x");
        String hashed = DoubleHash.modern(Cid.parse(cid));
        Denylist d = parse("/ipfs/" + cid + "\n!/ipfs/" + cid + "\n");
        assertThat(new DenylistMatcher(d).isBlocked(Target.content(cid))).isFalse();
        d = parse("!/ipfs/" + cid + "\n//" + hashed + "\n");
        DenylistMatcher m = new DenylistMatcher(d);
        assertThat(m.isBlocked(Target.content(cid))).isTrue();
        assertThat(m.matchingRule(Target.content(cid)).orElseThrow().kind()).isEqualTo(RuleKind.DOUBLE_HASH);
        // Path-only rules never match a whole item; "/*" covers the item itself.
        assertThat(new DenylistMatcher(parse("/ipfs/" + cid + "/sub\n")).isBlocked(Target.content(cid))).isFalse();
        assertThat(new DenylistMatcher(parse("/ipfs/" + cid + "/*\n")).isBlocked(Target.content(cid))).isTrue();
    }

    @Test
    void exportRoundTripsThroughTheTextFormat() throws Exception {
        List<Target> blocked = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            blocked.add(Target.content(rawCid("item " + i)));
        }
        byte[] shortKey = new byte[36];
        shortKey[0] = 8;
        shortKey[1] = 1;
        blocked.add(Target.publisher(shortKey));
        blocked.add(Target.publisher(new byte[300]));
        blocked.add(Target.content("not-a-cid"));
        DenylistHeader header = new DenylistHeader(1, "grapevine list", "exported: \"votes\"\nline two", "",
                Map.of("gateway_status", "410"), Map.of("grapevine_list_id", "abcd"));
        for (boolean doubleHash : new boolean[] {false, true}) {
            DenylistExport.Result r = DenylistExport.export(header, blocked, doubleHash);
            assertThat(r.skipped()).containsExactly(Target.content("not-a-cid"));
            StringWriter out = new StringWriter();
            DenylistWriter.write(r.denylist(), out);
            Denylist back = parse(out.toString());
            assertThat(back).isEqualTo(r.denylist());
            DenylistMatcher m = new DenylistMatcher(back);
            for (Target t : blocked.subList(0, blocked.size() - 1)) {
                assertThat(m.isBlocked(t)).as("%s double=%s", t, doubleHash).isTrue();
            }
            assertThat(m.isBlocked(Target.content(rawCid("other")))).isFalse();
            if (doubleHash) {
                assertThat(out.toString()).doesNotContain(rawCid("item 1"));
            }
        }
    }

    @Test
    void customNestedHeaderBlockIsKept() throws Exception {
        Denylist d = parse("""
                name: x
                extra:
                  nested: [1, 2]
                  more: yes
                ---
                """);
        assertThat(d.header().custom().get("extra")).isEqualTo("  nested: [1, 2]\n  more: yes");
        StringWriter out = new StringWriter();
        DenylistWriter.write(d, out);
        assertThat(parse(out.toString())).isEqualTo(d);
    }

    @Test
    void fileWithoutHeader() throws Exception {
        String cid = rawCid("y");
        Denylist d = parse("# just rules\n/ipfs/" + cid + "\r\n");
        assertThat(d.header()).isEqualTo(DenylistHeader.EMPTY);
        assertThat(d.rules()).containsExactly(DenyRule.ipfs(cid));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/ipfs/notacid                                      | 3 | invalid CID",
        "/ipfs/                                             | 3 | missing CID",
        "ipfs/bafkreiabc                                    | 3 | unknown rule",
        "/ipld/bafkreiabc                                   | 3 | unknown rule",
        "//zzzz                                             | 3 | double hash",
        "//D9D295BDE21F422D471A90F2A37EC53049FDF3E5FA3EE2E8F20E10003DA429E7 | 3 | double hash",
        "/ipns/-bad-.example                                | 3 | invalid IPNS name",
        "/ipfs/QmVTF1yEejXd9iMgoRTFDxBv7HAz9kuZcQNBzHrceuK9HR/a%zz | 3 | %-escape",
        "/ipfs/QmVTF1yEejXd9iMgoRTFDxBv7HAz9kuZcQNBzHrceuK9HR/a\"b | 3 | must be %-encoded",
        "/ipfs/QmVTF1yEejXd9iMgoRTFDxBv7HAz9kuZcQNBzHrceuK9HR nohint | 3 | not key:value",
        "/ipfs/QmVTF1yEejXd9iMgoRTFDxBv7HAz9kuZcQNBzHrceuK9HR a:1 a:2 | 3 | duplicate hint",
        "/ipfs/QmVTF1yEejXd9iMgoRTFDxBv7HAz9kuZcQNBzHrceuK9HR  a:1 | 3 | not key:value",
        "/ipfs/bafkrei                                       | 3 | invalid CID",
    })
    void malformedRuleLinesAreRefusedWithTheirLineNumber(String rule, int line, String message) {
        String file = "name: t\n---\n" + rule.strip() + "\n/ipfs/QmVTF1yEejXd9iMgoRTFDxBv7HAz9kuZcQNBzHrceuK9HR\n";
        assertThatThrownBy(() -> parse(file)).isInstanceOfSatisfying(DenylistFormatException.class, e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "version: 2                | 0 | unsupported denylist version",
        "version: one              | 0 | not a number",
        "name: \"open              | 1 | unterminated",
        "name:x                    | 1 | space after",
        "- item                    | 1 | not 'key: value'",
        "name: [a, b]              | 1 | unsupported YAML",
        "hints: 3                  | 1 | must be a map",
        "name: \"x\" trailing      | 1 | after a quoted",
    })
    void malformedHeadersAreRefused(String header, int line, String message) {
        assertThatThrownBy(() -> parse(header.strip() + "\n---\n")).isInstanceOfSatisfying(
                DenylistFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void duplicateKeysAndRaggedHintsAreRefused() {
        assertThatThrownBy(() -> parse("name: a\nname: b\n---\n")).hasMessageContaining("line 2: duplicate");
        assertThatThrownBy(() -> parse("  name: x\n---\n")).hasMessageContaining("line 1: unexpected indentation");
        assertThatThrownBy(() -> parse("hints:\n  a: 1\n    b: 2\n---\n")).hasMessageContaining("line 3");
        assertThatThrownBy(() -> parse("description:\n  nested: 1\n---\n")).hasMessageContaining("scalar");
    }

    @Test
    void overlongLineIsRefusedWithoutReadingItAll() {
        String huge = "/ipfs/" + "a".repeat(DenylistParser.MAX_LINE_CHARS + 10);
        assertThatThrownBy(() -> parse("---\n" + huge + "\n")).isInstanceOfSatisfying(DenylistFormatException.class,
                e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void ruleCountIsBounded() {
        String cid = rawCid("z");
        assertThatThrownBy(() -> new DenylistParser(2).parse(new StringReader(
                ("/ipfs/" + cid + "\n").repeat(3)))).hasMessageContaining("line 3: more than 2 rules");
    }
}
