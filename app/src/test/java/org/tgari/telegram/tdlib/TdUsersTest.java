package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.telegram.tdlib.ScriptedTdSession.node;

import org.junit.jupiter.api.Test;
import org.tgari.telegram.TelegramUser;

/** TDLib's user objects, shaped as td_api.tl defines them (TDLib 1.8), read into TelegramUser. */
class TdUsersTest {

    @Test
    void aUserWithEverythingTheAccountMaySee() {
        var u = TdUsers.fromJson(node("""
                {"@type":"user","id":5551234,"first_name":"Ann","last_name":"Lee",
                 "usernames":{"@type":"usernames","active_usernames":["ann_lee","ann2"],"disabled_usernames":["old"],
                              "editable_username":"ann_lee","collectible_usernames":[]},
                 "phone_number":"4915112345678","status":{"@type":"userStatusRecently"},"is_contact":true,
                 "is_mutual_contact":false,"is_verified":false,"type":{"@type":"userTypeRegular"},"language_code":"de"}"""));
        assertThat(u).isEqualTo(new TelegramUser(5551234, "Ann Lee", "ann_lee", "4915112345678", "Ann", "Lee"));
    }

    @Test
    void whatIsHiddenOrMissingStaysEmpty() {
        // a stranger with a hidden number and no username: TDLib gives "" and usernames null
        var u = TdUsers.fromJson(node("""
                {"@type":"user","id":42,"first_name":"Bo","last_name":"","usernames":null,"phone_number":"",
                 "type":{"@type":"userTypeRegular"}}"""));
        assertThat(u).isEqualTo(new TelegramUser(42, "Bo", "", "", "Bo", ""));
        var deleted = TdUsers.fromJson(node("""
                {"@type":"user","id":43,"first_name":"","last_name":"","phone_number":"","type":{"@type":"userTypeDeleted"}}"""));
        assertThat(deleted).isEqualTo(new TelegramUser(43, "user 43", "", "", "", ""));
    }

    @Test
    void anOlderTdlibsSingleUsernameAndAFormattedNumberAreRead() {
        var u = TdUsers.fromJson(node("""
                {"@type":"user","id":44,"first_name":"Cy","last_name":"Do","username":"cydo","phone_number":"+1 555 0100"}"""));
        assertThat(u.username()).isEqualTo("cydo");
        assertThat(u.phone()).isEqualTo("15550100");
    }

    @Test
    void namesAreKeptAsTheyAreForTheRoutingToMakeSafe() {
        var u = TdUsers.fromJson(node("""
                {"@type":"user","id":45,"first_name":"Eve\\r\\n","last_name":"\\"X\\"","phone_number":""}"""));
        assertThat(u.firstName()).isEqualTo("Eve\r\n");
        assertThat(u.lastName()).isEqualTo("\"X\"");
    }
}
