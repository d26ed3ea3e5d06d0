package io.grapevine.node.api.search;

import io.grapevine.index.query.QueryException;
import io.grapevine.index.query.SearchFilters;
import io.grapevine.index.search.FacetCount;
import io.grapevine.index.search.SearchHit;
import io.grapevine.index.search.SearchRequest;
import io.grapevine.index.search.SearchResult;
import io.grapevine.index.search.SortOrder;
import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.multiformats.Cid;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/search}: full-text query with filters, sort, facets, highlights and paging (docs/api.md). The
 * index refuses expensive or malformed queries and deep offsets with a one-line reason, answered as 400 bad_query.
 */
final class SearchRoute implements Handler {
    private final AnnounceFeature feature;

    SearchRoute(AnnounceFeature feature) {
        this.feature = feature;
    }

    @Override
    public void handle(Context ctx) {
        SearchResult result;
        try {
            result = feature.search().search(request(ctx));
        } catch (QueryException e) {
            throw new ApiError(400, "bad_query", e.getMessage());
        } catch (IOException e) {
            throw new ApiError(503, "index_unavailable", "the search index cannot be read: " + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("totalHits", result.totalHits());
        body.put("totalHitsExact", result.totalHitsExact());
        body.put("nextCursor", result.nextCursor());
        List<Map<String, Object>> hits = new ArrayList<>();
        for (SearchHit hit : result.hits()) hits.add(hit(hit));
        body.put("hits", hits);
        Map<String, Object> facets = new LinkedHashMap<>();
        for (Map.Entry<String, List<FacetCount>> e : result.facets().entrySet()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (FacetCount c : e.getValue()) counts.put(c.value(), c.count());
            facets.put(e.getKey(), counts);
        }
        body.put("facets", facets);
        ApiJson.send(ctx, 200, body);
    }

    private Map<String, Object> hit(SearchHit hit) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contentId", hit.contentId());
        out.put("title", hit.title());
        out.put("titleHighlight", hit.titleHighlight());
        out.put("snippet", hit.descriptionSnippet());
        out.put("totalSize", hit.totalSize());
        out.put("priceSats", hit.priceSats());
        out.put("free", hit.priceSats() == 0);
        out.put("createdAt", hit.timeMillis());
        out.put("publisher", hit.publisher());
        out.put("score", Float.isNaN(hit.score()) ? null : hit.score());
        Cid id = Cid.parse(hit.contentId());
        Optional<Announcement> held = feature.service().get(id);
        out.put("tags", held.map(Announcement::getTagsList).orElse(List.of()));
        out.put("providers", AnnouncementJson.providers(feature.providers().providers(id)));
        return out;
    }

    private static SearchRequest request(Context ctx) {
        String q = ctx.queryParam("q");
        boolean free = Params.flag(ctx, "free");
        boolean paid = Params.flag(ctx, "paid");
        if (free && paid) throw Params.bad("free", "free and paid together match nothing; give one or neither");
        SearchFilters filters = SearchFilters.NONE
                .withPrice(free ? SearchFilters.PriceFilter.FREE : paid ? SearchFilters.PriceFilter.PAID : SearchFilters.PriceFilter.ANY)
                .withMediaTypes(Params.values(ctx, "mediaType"))
                .withSize(Params.longParam(ctx, "minSize", 0, Long.MAX_VALUE), Params.longParam(ctx, "maxSize", 0, Long.MAX_VALUE))
                .withPublishers(Params.values(ctx, "publisher"))
                .withTime(Params.time(ctx, "since"), Params.time(ctx, "until"));
        Long limit = Params.longParam(ctx, "limit", 1, 100);
        Long offset = Params.longParam(ctx, "offset", 0, Integer.MAX_VALUE);
        String cursor = ctx.queryParam("cursor");
        return new SearchRequest(q == null ? "" : q, filters, sort(ctx.queryParam("sort")),
                limit == null ? SearchRequest.DEFAULT_LIMIT : limit.intValue(), offset == null ? 0 : offset.intValue(),
                cursor == null || cursor.isBlank() ? null : cursor, Params.flag(ctx, "facets"),
                ctx.queryParam("highlights") == null || Params.flag(ctx, "highlights"));
    }

    private static SortOrder sort(String value) {
        if (value == null || value.isBlank()) return SortOrder.RELEVANCE;
        try {
            return SortOrder.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Params.bad("sort", "one of relevance, newest, oldest, largest, smallest");
        }
    }
}
