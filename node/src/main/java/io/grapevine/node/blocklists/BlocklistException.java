package io.grapevine.node.blocklists;

/** A request the blocklists cannot carry out: an unknown list (the API's 404) or a bad value naming its field (400). */
public final class BlocklistException extends RuntimeException {
    private final boolean notFound;
    private final String field;

    private BlocklistException(boolean notFound, String field, String message) {
        super(message);
        this.notFound = notFound;
        this.field = field;
    }

    public static BlocklistException unknownList(Object id) {
        return new BlocklistException(true, "id", "no such list: " + id);
    }

    public static BlocklistException badField(String field, String message) {
        return new BlocklistException(false, field, message);
    }

    public boolean notFound() {
        return notFound;
    }

    public String field() {
        return field;
    }
}
