package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.LookupCache;
import org.tgari.telegram.TelegramUser;

/**
 * Resolves a dialled target to a user with TDLib: a phone number among the account's contacts and
 * locally known users first (no network request), then the server's search, then (only when allowed,
 * since it edits the address book) a contact import; a username through searchPublicChat (a private
 * chat with a user, else "not a user"); a user id only when the account already knows it.
 */
final class TdTargetResolver {

    /** How long the line waits for TDLib to describe a caller before it goes on with the id alone. */
    static final long USER_WAIT_MS = 3000;

    private final TdSession td;
    private final boolean importContacts;
    private final LookupCache cache;

    TdTargetResolver(TdSession td, boolean importContacts, LookupCache cache) {
        this.td = td;
        this.importContacts = importContacts;
        this.cache = cache;
    }

    CompletableFuture<Lookup> resolve(Target target) {
        Lookup cached = cache.get(target);
        if (cached != null) return CompletableFuture.completedFuture(cached);
        return ask(target).handle((user, err) -> {
            Lookup l = err == null ? new Lookup.Found(TdUsers.fromJson(user)) : failure(target, err);
            cache.put(target, l);
            return l;
        });
    }

    private CompletableFuture<JsonNode> ask(Target target) {
        return switch (target) {
            case Target.Phone p -> byPhone(p.digits(), true)
                    .exceptionallyCompose(e -> notFound(e) ? byPhone(p.digits(), false) : CompletableFuture.failedFuture(e))
                    .exceptionallyCompose(e -> notFound(e) && importContacts ? imported(p.digits()) : CompletableFuture.failedFuture(e));
            case Target.UserId id -> user(id.id());
            case Target.Username n -> td.send(td.request("searchPublicChat").put("username", n.name())).thenCompose(chat -> {
                JsonNode type = chat.path("type");
                if (!"chatTypePrivate".equals(type.path("@type").asText())) return CompletableFuture.failedFuture(new NotAUser());
                return user(type.path("user_id").asLong());
            });
        };
    }

    private CompletableFuture<JsonNode> byPhone(String digits, boolean onlyLocal) {
        return td.send(td.request("searchUserByPhoneNumber").put("phone_number", digits).put("only_local", onlyLocal));
    }

    private CompletableFuture<JsonNode> user(long id) {
        return td.send(td.request("getUser").put("user_id", id));
    }

    /**
     * The user who calls or writes to the line, from the cache or TDLib's {@code getUser}, within
     * {@link #USER_WAIT_MS}: a caller must not ring longer, nor a message wait, because TDLib is slow to answer.
     */
    CompletableFuture<TelegramUser> caller(long id) {
        Target key = new Target.UserId(id);
        if (cache.get(key) instanceof Lookup.Found f) return CompletableFuture.completedFuture(f.user());
        return user(id).thenApply(u -> {
            TelegramUser user = TdUsers.fromJson(u);
            cache.put(key, new Lookup.Found(user));
            return user;
        }).orTimeout(USER_WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /** importContacts answers 0 for a number without an account. */
    private CompletableFuture<JsonNode> imported(String digits) {
        var req = td.request("importContacts");
        req.putArray("contacts").addObject().put("@type", "contact").put("phone_number", digits).put("first_name", "+" + digits)
                .put("last_name", "").put("vcard", "").put("user_id", 0);
        return td.send(req).thenCompose(r -> {
            long id = r.path("user_ids").path(0).asLong();
            return id == 0 ? CompletableFuture.failedFuture(new TdError(404, "no Telegram account has this number (contact import)")) : user(id);
        });
    }

    private static boolean notFound(Throwable err) {
        Throwable t = unwrap(err);
        return t instanceof TdError e && outcomeOf(e) == CallOutcome.NOT_FOUND;
    }

    private static CallOutcome outcomeOf(TdError e) {
        CallOutcome o = TdCalls.outcome(e.code(), e.tdMessage());
        // TDLib says 400 USERNAME_NOT_OCCUPIED, 404 Not Found, 400 PHONE_NOT_OCCUPIED ... for nobody there
        return o == CallOutcome.INTERNAL_ERROR && (e.code() == 400 || e.code() == 404) ? CallOutcome.NOT_FOUND : o;
    }

    private static Lookup failure(Target target, Throwable err) {
        Throwable t = unwrap(err);
        if (t instanceof NotAUser) return new Lookup.Failed(CallOutcome.NOT_A_USER, target + " is a group or channel, not a user");
        if (t instanceof TdError e) {
            CallOutcome o = outcomeOf(e);
            String detail = switch (o) {
                case FLOOD_WAIT -> target + ": Telegram asks to wait " + TdCalls.floodWaitSeconds(e.tdMessage()) + " s before searching again";
                case NOT_FOUND -> target + ": no such Telegram user (" + e.tdMessage() + ")";
                default -> target + ": " + e.code() + " " + e.tdMessage();
            };
            return new Lookup.Failed(o, detail);
        }
        return new Lookup.Failed(CallOutcome.INTERNAL_ERROR, target + ": " + t);
    }

    private static Throwable unwrap(Throwable err) {
        return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    }

    private static final class NotAUser extends RuntimeException {
        NotAUser() {
            super("not a user", null, false, false);
        }
    }
}
