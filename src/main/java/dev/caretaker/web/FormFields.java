package dev.caretaker.web;

import io.javalin.http.Context;

/** What the dashboard's forms read from a request: a field that must be filled in, and the number in the path. */
final class FormFields {
    private FormFields() {
    }

    /** The form's field {@code name}; an IllegalArgumentException naming it when it is missing or blank. */
    static String required(Context ctx, String name) {
        String v = ctx.formParam(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("the form needs '" + name + "'");
        }
        return v;
    }

    /** The path's {@code {id}} as a number; a 404 refusal "No WHAT 'x'." when it is not one. */
    static long id(Context ctx, String what) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new Dashboard.Refusal(404, "No " + what + " '" + ctx.pathParam("id") + "'.");
        }
    }
}
