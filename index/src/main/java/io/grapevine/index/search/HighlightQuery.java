package io.grapevine.index.search;

import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * The part of a user query that can mark words in the highlighted fields. Every bare word is a clause on four fields;
 * the highlighter would otherwise evaluate the tag and file clauses against the whole index for every hit, only to
 * find nothing to mark. Required clauses become optional (a hit matched by its tags still gets its title's matches
 * marked) and excluded ones are dropped.
 */
final class HighlightQuery {
  private HighlightQuery() {}

  /** The query restricted to {@code fields}; a query matching nothing when no clause is left. */
  static Query restrict(Query query, Set<String> fields) {
    Query kept = keep(query, fields);
    return kept == null ? new MatchNoDocsQuery() : kept;
  }

  private static Query keep(Query query, Set<String> fields) {
    if (query instanceof BooleanQuery bool) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      int n = 0;
      for (BooleanClause c : bool.clauses()) {
        Query sub = c.occur() == BooleanClause.Occur.MUST_NOT ? null : keep(c.query(), fields);
        if (sub != null) {
          b.add(sub, BooleanClause.Occur.SHOULD);
          n++;
        }
      }
      return n == 0 ? null : b.build();
    }
    if (query instanceof BoostQuery boost) {
      return keep(boost.getQuery(), fields);
    }
    if (query instanceof ConstantScoreQuery constant) {
      return keep(constant.getQuery(), fields);
    }
    Set<String> used = fieldsOf(query);
    return !used.isEmpty() && fields.containsAll(used) ? query : null;
  }

  private static Set<String> fieldsOf(Query query) {
    Set<String> used = new HashSet<>();
    query.visit(new QueryVisitor() {
      @Override
      public boolean acceptField(String field) {
        used.add(field);
        return false; // the field name is all we need
      }

      @Override
      public void consumeTerms(Query q, Term... terms) {}

      @Override
      public void consumeTermsMatching(Query q, String field, java.util.function.Supplier<ByteRunAutomaton> a) {}

      @Override
      public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
        return this;
      }
    });
    return used;
  }
}
