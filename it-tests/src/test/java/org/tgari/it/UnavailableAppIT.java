package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.SipPhone;
import org.tgari.media.audio.WavFile;

/** No tgari serves the Stasis application: the shipped dialplan turns that into 503, not 603 Decline. */
class UnavailableAppIT {

    static AsteriskInstance asterisk;
    @TempDir static Path work;
    static Path mic;

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        mic = work.resolve("silence.wav");
        WavFile.writeMono16(mic, 8000, new short[8000 * 5]);
    }

    @AfterAll
    static void stop() {
        if (asterisk != null) asterisk.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"600", "tgsomeone"})
    void callerHears503WhileNoTgariRuns(String extension) throws Exception {
        try (var phone = SipPhone.start(mic, work.resolve(extension))) {
            phone.dial("sip:" + extension + "@127.0.0.1:" + asterisk.sipPort());
            CallResult r = phone.awaitEstablishedOrClosed(Duration.ofSeconds(15));
            assertThat(r).isInstanceOf(CallResult.Closed.class);
            assertThat(((CallResult.Closed) r).sipCode()).as("SIP response, baresip said: %s", r).isEqualTo(503);
        }
    }
}
