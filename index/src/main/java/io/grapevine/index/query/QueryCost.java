package io.grapevine.index.query;

import java.util.function.Supplier;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/** Counts the leaf terms and pattern terms of a parsed query, to refuse queries past the {@link QueryLimits}. */
final class QueryCost extends QueryVisitor {
  private int terms;
  private int patterns;

  static QueryCost of(Query query) {
    QueryCost cost = new QueryCost();
    query.visit(cost);
    return cost;
  }

  int terms() {
    return terms;
  }

  int patterns() {
    return patterns;
  }

  @Override
  public void consumeTerms(Query query, Term... queryTerms) {
    terms += queryTerms.length;
  }

  @Override
  public void consumeTermsMatching(Query query, String field, Supplier<ByteRunAutomaton> automaton) {
    terms++;
    patterns++;
  }

  @Override
  public void visitLeaf(Query query) {
    terms++;
  }

  @Override
  public QueryVisitor getSubVisitor(org.apache.lucene.search.BooleanClause.Occur occur, Query parent) {
    return this;
  }
}
