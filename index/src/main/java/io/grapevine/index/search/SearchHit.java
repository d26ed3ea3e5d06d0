package io.grapevine.index.search;

/**
 * One result. Tags, files and providers are not in the index's stored data: the caller looks the item up in its own
 * store by content id.
 *
 * @param score relevance score, or NaN when sorted by something else
 * @param titleHighlight the title with matched words marked, HTML-escaped
 * @param descriptionSnippet up to two passages of the description with matched words marked, HTML-escaped
 */
public record SearchHit(
    String contentId,
    String title,
    float score,
    long totalSize,
    long priceSats,
    long timeMillis,
    String publisher,
    String titleHighlight,
    String descriptionSnippet) {}
