package org.tgari.gateway;

import java.util.Map;
import org.tgari.gateway.media.CallMediaPipeline.MediaCounters;

/** The admin API's view of a call's media, the same for every kind of call. */
final class CallDescriptions {

    private CallDescriptions() { }

    static void putMedia(Map<String, Object> m, MediaCounters media) {
        m.put("framesToAsterisk", media.framesToAsterisk());
        m.put("framesToTelegram", media.framesToTelegram());
        m.put("asteriskPacketsIn", media.asteriskPacketsIn());
        m.put("telegramPacketsIn", media.telegramPacketsIn());
        m.put("telegramLostFrames", media.telegramLostFrames());
        m.put("telegramRttMs", Double.isNaN(media.telegramRttMs()) ? null : media.telegramRttMs());
        m.put("telegramJitterMs", media.telegramJitterMs());
    }
}
