package io.grapevine.node.transfer;

import java.util.List;

/** What a fetch from one peer achieved: chunks verified and stored, and chunks the peer said it lacks. */
public record FetchResult(List<Integer> stored, List<Integer> missing) {
}
