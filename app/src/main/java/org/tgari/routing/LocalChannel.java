package org.tgari.routing;

import java.util.regex.Pattern;

/**
 * An Asterisk Local channel to originate, {@code Local/<extension>@<context>}. Both parts are
 * checked, because a '/', '@', ',' or white space from a config file or a caller's chat would name
 * another channel or break the originate.
 */
public record LocalChannel(String extension, String context) {

    public static final Pattern EXTENSION = Pattern.compile("[0-9A-Za-z_+*#.-]{1,64}");
    public static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9_-]{1,79}");

    public LocalChannel {
        if (extension == null || !EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("'" + extension + "' is not an extension: 1-64 of 0-9 A-Z a-z _ + * # . -");
        }
        if (context == null || !CONTEXT.matcher(context).matches()) {
            throw new IllegalArgumentException("'" + context + "' is not a dialplan context: 1-79 of A-Z a-z 0-9 _ -");
        }
    }

    /** The ARI {@code endpoint} of {@code POST /channels}. */
    public String endpoint() {
        return "Local/" + extension + "@" + context;
    }

    @Override public String toString() { return endpoint(); }
}
