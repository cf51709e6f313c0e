package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.telegram.tdlib.ScriptedTdSession.error;
import static org.tgari.telegram.tdlib.ScriptedTdSession.ok;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.LookupCache;
import org.tgari.telegram.TelegramUser;

/** Target lookup against TDLib's JSON answers (td_api.tl): contacts first, the server next, import only when allowed. */
class TdTargetResolverTest {

    private final ScriptedTdSession td = new ScriptedTdSession();
    private final AtomicLong now = new AtomicLong();
    private final LookupCache cache = new LookupCache(100, Duration.ofMinutes(10), now::get);

    private TdTargetResolver resolver(boolean importContacts) {
        return new TdTargetResolver(td, importContacts, cache);
    }

    private Lookup lookup(TdTargetResolver r, String target) throws Exception {
        return r.resolve(Target.parse(target)).get();
    }

    @Test
    void aContactIsFoundLocallyWithoutAskingTheServer() throws Exception {
        td.on("searchUserByPhoneNumber", r -> r.path("only_local").asBoolean() ? ok(ScriptedTdSession.user(42, "Ann", "Lee")) : error(500, "must not ask"));
        assertThat(lookup(resolver(false), "+15550001")).isEqualTo(new Lookup.Found(new TelegramUser(42, "Ann Lee", "", "", "Ann", "Lee")));
        assertThat(td.requestsOf("searchUserByPhoneNumber")).hasSize(1);
        assertThat(td.requests.get(0).path("phone_number").asText()).isEqualTo("15550001");
    }

    @Test
    void aNumberNotKnownLocallyIsSearchedOnTheServer() throws Exception {
        td.on("searchUserByPhoneNumber", r -> r.path("only_local").asBoolean() ? error(404, "Not Found") : ok(ScriptedTdSession.user(43, "Bo", "")));
        assertThat(lookup(resolver(false), "15550002")).isEqualTo(new Lookup.Found(new TelegramUser(43, "Bo", "", "", "Bo", "")));
        assertThat(td.requestsOf("searchUserByPhoneNumber")).extracting(r -> r.path("only_local").asBoolean()).containsExactly(true, false);
    }

    @Test
    void contactsAreImportedOnlyWhenTheConfigAllowsIt() throws Exception {
        td.on("searchUserByPhoneNumber", r -> error(404, "Not Found"))
                .on("importContacts", r -> ok("{\"@type\":\"importedContacts\",\"user_ids\":[" + (r.path("contacts").path(0).path("phone_number").asText().equals("15550003") ? 77 : 0) + "],\"importer_count\":[0]}"))
                .reply("getUser", ScriptedTdSession.user(77, "Cy", ""));
        Lookup refused = lookup(resolver(false), "15550003");
        assertThat(refused).isInstanceOf(Lookup.Failed.class);
        assertThat(((Lookup.Failed) refused).outcome()).isEqualTo(CallOutcome.NOT_FOUND);
        assertThat(td.types()).doesNotContain("importContacts");

        var importing = new TdTargetResolver(td, true, new LookupCache(100, Duration.ofMinutes(10), now::get));
        assertThat(importing.resolve(Target.parse("15550003")).get()).isEqualTo(new Lookup.Found(new TelegramUser(77, "Cy", "", "", "Cy", "")));
        assertThat(td.requestsOf("importContacts").getFirst().path("contacts").path(0).path("@type").asText()).isEqualTo("contact");
        Lookup nobody = importing.resolve(Target.parse("15550009")).get();
        assertThat(((Lookup.Failed) nobody).outcome()).isEqualTo(CallOutcome.NOT_FOUND);
        assertThat(((Lookup.Failed) nobody).detail()).contains("contact import");
    }

    @Test
    void usernamesMustBePrivateChatsWithUsers() throws Exception {
        td.on("searchPublicChat", r -> switch (r.path("username").asText()) {
            case "ann" -> ok("{\"@type\":\"chat\",\"id\":42,\"type\":{\"@type\":\"chatTypePrivate\",\"user_id\":42}}");
            case "news" -> ok("{\"@type\":\"chat\",\"id\":-1001,\"type\":{\"@type\":\"chatTypeSupergroup\",\"supergroup_id\":1,\"is_channel\":true}}");
            default -> error(400, "USERNAME_NOT_OCCUPIED");
        }).reply("getUser", ScriptedTdSession.user(42, "Ann", ""));
        var r = resolver(false);
        assertThat(lookup(r, "@Ann")).isEqualTo(new Lookup.Found(new TelegramUser(42, "Ann", "", "", "Ann", "")));
        assertThat(((Lookup.Failed) lookup(r, "@news")).outcome()).isEqualTo(CallOutcome.NOT_A_USER);
        assertThat(((Lookup.Failed) lookup(r, "@nobody")).outcome()).isEqualTo(CallOutcome.NOT_FOUND);
    }

    @Test
    void userIdsOnlyWhenTheAccountKnowsThem() throws Exception {
        td.on("getUser", r -> r.path("user_id").asLong() == 42 ? ok(ScriptedTdSession.user(42, "Ann", "")) : error(400, "User not found"));
        var r = resolver(false);
        assertThat(lookup(r, "*42")).isInstanceOf(Lookup.Found.class);
        assertThat(((Lookup.Failed) lookup(r, "*99")).outcome()).isEqualTo(CallOutcome.NOT_FOUND);
    }

    @Test
    void eachFailureHasItsOwnOutcomeAndFloodWaitsSayHowLong() throws Exception {
        td.on("searchPublicChat", r -> switch (r.path("username").asText()) {
            case "flood" -> error(429, "Too Many Requests: retry after 35");
            case "hidden" -> error(400, "USER_PRIVACY_RESTRICTED");
            default -> error(500, "Request aborted");
        });
        var r = resolver(false);
        var flood = (Lookup.Failed) lookup(r, "@flood");
        assertThat(flood.outcome()).isEqualTo(CallOutcome.FLOOD_WAIT);
        assertThat(flood.detail()).contains("35 s");
        assertThat(((Lookup.Failed) lookup(r, "@hidden")).outcome()).isEqualTo(CallOutcome.PRIVACY_RESTRICTED);
        assertThat(((Lookup.Failed) lookup(r, "@broken")).outcome()).isEqualTo(CallOutcome.INTERNAL_ERROR);
    }

    @Test
    void answersAreCachedUntilTheyAgeButTransientFailuresAreNot() throws Exception {
        td.on("searchPublicChat", r -> switch (r.path("username").asText()) {
            case "ann" -> ok("{\"@type\":\"chat\",\"id\":42,\"type\":{\"@type\":\"chatTypePrivate\",\"user_id\":42}}");
            case "flood" -> error(429, "Too Many Requests: retry after 5");
            default -> error(400, "USERNAME_NOT_OCCUPIED");
        }).reply("getUser", ScriptedTdSession.user(42, "Ann", ""));
        var r = resolver(false);
        lookup(r, "@ann");
        lookup(r, "@nobody");
        lookup(r, "@flood");
        int asked = td.requests.size();
        assertThat(lookup(r, "@ann")).isInstanceOf(Lookup.Found.class);
        assertThat(((Lookup.Failed) lookup(r, "@nobody")).outcome()).isEqualTo(CallOutcome.NOT_FOUND);
        assertThat(td.requests).hasSize(asked);
        lookup(r, "@flood");
        assertThat(td.requests).as("a flood wait is asked again").hasSize(asked + 1);
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        lookup(r, "@ann");
        assertThat(td.requestsOf("searchPublicChat").stream().filter(q -> q.path("username").asText().equals("ann"))).hasSize(2);
    }
}
