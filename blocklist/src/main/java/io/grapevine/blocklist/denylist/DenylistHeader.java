package io.grapevine.blocklist.denylist;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optional YAML header. Known fields are typed; {@code hints} apply to every rule (a rule's own hint of the
 * same key wins); {@code custom} keeps unknown top-level fields (scalar value, or the raw indented block) so an
 * import/export round trip does not lose them. Absent strings are "".
 */
public record DenylistHeader(int version, String name, String description, String author,
                             Map<String, String> hints, Map<String, String> custom) {
    public static final DenylistHeader EMPTY = new DenylistHeader(1, "", "", "", Map.of(), Map.of());

    public DenylistHeader {
        hints = Collections.unmodifiableMap(new LinkedHashMap<>(hints));
        custom = Collections.unmodifiableMap(new LinkedHashMap<>(custom));
    }
}
