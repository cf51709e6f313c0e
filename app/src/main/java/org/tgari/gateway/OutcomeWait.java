package org.tgari.gateway;

import io.vertx.core.Vertx;
import java.util.concurrent.CompletionException;
import org.tgari.ari.AriException;

/**
 * A bounded wait, on a call's context, for what decides how the call ended. Asterisk answers a REST
 * request before it sends the events that raced with it (a bridge refused because the caller had just
 * left comes back before that caller's StasisEnd), and an answer still in flight when the events socket
 * drops may yet reach the phone; a call that labelled its end at once would name the wrong cause. While
 * the wait runs the call stays as it was and what decides ends it; if nothing does within the bound,
 * {@code otherwise} ends it. Started and cancelled on the call's context, where its timer fires too.
 */
final class OutcomeWait {

    /** How long a leave event may trail Asterisk's refusal; it normally comes within milliseconds. */
    static final long LEAVE_EVENT_MS = 2000;
    /** How long the reply to an answer in flight is waited for once the events socket dropped. */
    static final long ANSWER_REPLY_MS = 3000;

    private final Vertx vertx;
    private long timer = -1;

    OutcomeWait(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts the wait unless one runs already. */
    void start(long ms, Runnable otherwise) {
        if (timer >= 0) return;
        timer = vertx.setTimer(ms, t -> {
            timer = -1;
            otherwise.run();
        });
    }

    boolean running() {
        return timer >= 0;
    }

    void cancel() {
        if (timer < 0) return;
        vertx.cancelTimer(timer);
        timer = -1;
    }

    /**
     * Asterisk refused a request because a channel it names is gone or leaving its Stasis app: 400 or 404
     * "Channel not found", 412 a channel in an invalid state (hanging up), 422 "Channel not in Stasis
     * application". Its leave events are on their way.
     */
    static boolean channelGone(Throwable failure) {
        if (!(unwrapped(failure) instanceof AriException e)) return false;
        int status = e.httpStatus();
        return status == 400 || status == 404 || status == 412 || status == 422;
    }

    /** The failure's own message, without the wrapper a completion stage adds around it. */
    static String message(Throwable failure) {
        return unwrapped(failure).getMessage();
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }
}
