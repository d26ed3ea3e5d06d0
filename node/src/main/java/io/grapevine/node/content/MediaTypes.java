package io.grapevine.node.content;

import java.net.URLConnection;

/** Media type of a file from its name: the JDK's built-in table, so every node guesses the same. */
public final class MediaTypes {
    public static final String UNKNOWN = "application/octet-stream";
    public static final int MAX_LENGTH = 127;

    private MediaTypes() {
    }

    public static String guess(String fileName) {
        String type = URLConnection.guessContentTypeFromName(fileName);
        return type == null || !isValid(type) ? UNKNOWN : type;
    }

    /** type/subtype in printable ASCII without spaces, bounded. */
    public static boolean isValid(String type) {
        if (type.isEmpty() || type.length() > MAX_LENGTH || type.indexOf('/') <= 0) {
            return false;
        }
        return type.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f);
    }
}
