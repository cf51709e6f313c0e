package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.NetNamespace;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.audio.WavFile;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;
import org.tgari.media.jitter.OpusJitterBuffer;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.dtls.DtlsEndpoint;
import org.tgari.voip.engine.MediaSession;
import org.tgari.voip.ice.IceAgent;
import org.tgari.voip.ice.IceCandidate;

/**
 * Our standard layers (ICE, DTLS-SRTP, Opus/RTP in {@link MediaSession}) against an independent WebRTC
 * implementation, Python's aiortc, running in its own network namespace: tones both ways, checked by
 * frequency. SDP is only the carrier here; tgcalls calls carry the same facts in their JSON signaling.
 */
class AiortcInteropIT {

    @TempDir
    Path dir;

    @Test
    void iceDtlsSrtpAndOpusInteroperateWithAiortc() throws Exception {
        Path script = dir.resolve("aiortc_peer.py");
        try (var in = getClass().getResourceAsStream("/aiortc_peer.py")) {
            Files.copy(in, script);
        }
        Path heardByAiortc = dir.resolve("aiortc-heard.wav");
        Vertx vertx = Vertx.vertx();
        try (var ns = NetNamespace.create()) {
            var candidate = new CompletableFuture<IceCandidate>();
            var connected = new CompletableFuture<String>();
            var heard = new OpusJitterBuffer(16000, 60, 500);
            var listener = new MediaSession.Listener() {
                @Override public void localCandidate(IceCandidate c) { candidate.complete(c); }
                @Override public void connected(String path) { connected.complete(path); }
                @Override public void failed(String reason) { connected.completeExceptionally(new IllegalStateException(reason)); }
            };
            Promise<MediaSession> created = Promise.promise();
            vertx.runOnContext(v -> created.complete(new MediaSession(vertx,
                    new IceAgent.Config(true, true, List.of(), ns.hostAddress(), Duration.ofSeconds(15), Duration.ofMillis(20)),
                    DtlsCertificate.generateEcdsaP256(), DtlsEndpoint.Role.SERVER, new SecureRandom(), listener)));
            MediaSession session = created.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            session.onOpus((seq, ts, b, off, len) -> {
                synchronized (heard) {
                    heard.offer(seq, ts, b, off, len);
                }
            });
            session.start();
            long ourSsrc = 0x1234ABCDL;
            String offer = offer(session, candidate.get(5, TimeUnit.SECONDS), ourSsrc);

            Process peer = ns.exec("/usr/bin/python3", script.toString(), "600", "6", heardByAiortc.toString())
                    .redirectError(dir.resolve("aiortc.log").toFile()).start();
            var mapper = new ObjectMapper();
            peer.getOutputStream().write((mapper.createObjectNode().put("sdp", offer) + "\n").getBytes(StandardCharsets.UTF_8));
            peer.getOutputStream().flush();
            var out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
            String answerLine = out.readLine();
            assertThat(answerLine).as("aiortc's answer; log: %s", dir.resolve("aiortc.log")).isNotNull();
            String answer = mapper.readTree(answerLine).path("sdp").asText();
            applyAnswer(session, answer, ourSsrc);

            assertThat(connected.get(15, TimeUnit.SECONDS)).startsWith("host " + ns.hostAddress());
            var enc = new OpusFrameEncoder(16000, OpusSettings.defaults());
            var tone = new ToneGenerator(16000, 1000, -12);
            short[] pcm = new short[320];
            byte[] pkt = new byte[1275];
            short[] ours = new short[16000 * 4];
            int[] pos = {0};
            long timer = vertx.setPeriodic(20, id -> {
                tone.next(pcm, 0, 320);
                int n = enc.encode(pcm, 0, pkt, 0, pkt.length);
                session.sendOpus(pkt, 0, n, 960);
                if (pos[0] + 320 <= ours.length) {
                    synchronized (heard) {
                        heard.pull(ours, pos[0]);
                    }
                    pos[0] += 320;
                }
            });
            String last = out.readLine(); // aiortc's closing line, after its seconds are up
            vertx.cancelTimer(timer);
            assertThat(peer.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(last).contains("connected");
            session.close();

            int n = 16000;
            assertThat(pos[0]).isGreaterThan(2 * n);
            double weHeard = ToneAnalyzer.dominantFrequency(ours, pos[0] - n, n, 16000);
            var theyHeard = WavFile.readAudio(heardByAiortc);
            int rate = theyHeard.sampleRate();
            double aiortcHeard = ToneAnalyzer.dominantFrequency(theyHeard.samples(), theyHeard.samples().length - 2 * rate, rate, rate);
            System.out.printf("aiortc interop: we heard %.1f Hz (sent 600), aiortc heard %.1f Hz (sent 1000)%n", weHeard, aiortcHeard);
            assertThat(weHeard).isBetween(588.0, 612.0);
            assertThat(aiortcHeard).isBetween(980.0, 1020.0);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static String offer(MediaSession s, IceCandidate c, long ssrc) {
        var creds = s.localCredentials();
        return String.join("\r\n",
                "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0", "a=msid-semantic:WMS *",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0",
                "a=candidate:" + c.toSdpString().substring("candidate:".length()), "a=end-of-candidates",
                "a=ice-ufrag:" + creds.ufrag(), "a=ice-pwd:" + creds.pwd(),
                "a=fingerprint:sha-256 " + s.localFingerprint(), "a=setup:actpass",
                "a=mid:0", "a=sendrecv", "a=rtcp-mux",
                "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=ssrc:" + ssrc + " cname:tgari", "") ;
    }

    private static void applyAnswer(MediaSession s, String sdp, long ourSsrc) {
        String ufrag = null, pwd = null, fingerprint = null;
        int opusPt = -1;
        long theirSsrc = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=ice-ufrag:")) ufrag = line.substring(12).strip();
            else if (line.startsWith("a=ice-pwd:")) pwd = line.substring(10).strip();
            else if (line.startsWith("a=fingerprint:sha-256 ")) fingerprint = line.substring(22).strip();
            else if (line.startsWith("a=rtpmap:") && line.toLowerCase().contains("opus/48000")) opusPt = Integer.parseInt(line.substring(9, line.indexOf(' ')));
            else if (line.startsWith("a=ssrc:") && theirSsrc < 0) theirSsrc = Long.parseLong(line.substring(7, line.indexOf(' ')));
            else if (line.startsWith("a=candidate:") && IceCandidate.parse(line.substring(2)) instanceof IceCandidate.Parse.Parsed p) {
                s.addRemoteCandidate(p.candidate());
            }
        }
        assertThat(ufrag).isNotNull();
        assertThat(fingerprint).isNotNull();
        assertThat(opusPt).isPositive();
        s.setRemote(ufrag, pwd, fingerprint);
        s.setSend(ourSsrc, opusPt);
        s.setReceive(theirSsrc, opusPt);
    }
}
