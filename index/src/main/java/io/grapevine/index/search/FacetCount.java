package io.grapevine.index.search;

/** How many matching items carry one facet value ("video": 120). */
public record FacetCount(String value, long count) {}
