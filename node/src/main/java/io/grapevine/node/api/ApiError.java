package io.grapevine.node.api;

/**
 * A failed API call: the HTTP status, a stable machine-readable {@code code} and a message for people. Handlers throw
 * it; {@link ApiServer} renders it as {@code {"error":{"code":...,"message":...}}}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }
    public String code() { return code; }

    public static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "missing or wrong bearer token (see the api-token file in the node's home)");
    }

    public static ApiError notFound(String path) {
        return new ApiError(404, "not_found", "no such route: " + path);
    }

    public static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(405, "method_not_allowed", method + " is not allowed on " + path);
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(413, "payload_too_large", "request body larger than " + limit + " bytes");
    }
}
