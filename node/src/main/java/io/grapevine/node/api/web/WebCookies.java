package io.grapevine.node.api.web;

import io.javalin.http.Context;

/**
 * The session cookie. Browsers share cookies between all ports of a host, so the name carries the API's port: several
 * nodes on 127.0.0.1 (the demo, tests) keep separate logins instead of overwriting each other's.
 */
final class WebCookies {
    private static final String PREFIX = "grapevine-session-";

    private WebCookies() {}

    static String sessionName(Context ctx) {
        return PREFIX + ctx.req().getLocalPort();
    }

    /** HttpOnly: page scripts never see it; SameSite=Strict: other sites' links and forms never send it. */
    static void set(Context ctx, WebSession session) {
        ctx.res().addHeader("Set-Cookie", sessionName(ctx) + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict");
    }

    static void clear(Context ctx) {
        ctx.res().addHeader("Set-Cookie", sessionName(ctx) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }
}
