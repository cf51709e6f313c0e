package org.tgari.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tgari.it.CallPlan.Outcome;
import org.tgari.it.harness.AriProxy;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.SipPhone;

/**
 * The fault campaign: rounds of calls from {@code parallel} SIP phones at once through a real Asterisk and
 * a tgari process of its own, over a simulated Telegram path with loss and jitter. Calls end from either
 * side at random moments ({@link CallPlan}); during a round one fault may strike at a random moment:
 * Asterisk killed and restarted, tgari's ARI events socket dropped (through {@link AriProxy}), or tgari
 * SIGKILLed and restarted. After each round it checks that nothing leaked (channels and bridges in
 * Asterisk; calls, engines, threads and file descriptors of the tgari process) and that every call's
 * outcome in tgari's log matches what its phone saw and what the plan and the fault allow.
 * Loopback only; every wait is bounded, and no round starts after the time limit.
 */
final class FaultCampaign implements AutoCloseable {

    enum Fault { NONE, ASTERISK_KILL, ARI_DROP, TGARI_KILL }

    /** What to run: calls in all, how many at once, a time limit, the seed, and the Telegram path. */
    record Settings(int calls, int parallel, Duration limit, long seed, int lossPercent, int delayMs, int jitterMs, double faultShare) {
        static Settings of(int calls, int parallel, Duration limit, long seed) {
            return new Settings(calls, parallel, limit, seed, 10, 50, 50, 0.5);
        }
    }

    /** One call as it went. */
    record CallRecord(int number, int round, CallPlan plan, String phoneSaw, Outcome tgari, Fault hitBy, String verdict) {
        boolean ok() { return verdict.isEmpty(); }
    }

    /** What the campaign found. */
    record Report(int calls, int rounds, Map<Fault, Integer> faults, List<String> leaks, List<String> mismatches, List<String> mediaFailures,
                  Map<String, Integer> outcomes,
                  IntSummaryStatistics threads, IntSummaryStatistics fds, IntSummaryStatistics sockets, Duration took, List<CallRecord> records) {
        String summary() {
            return String.format("fault campaign: %d calls in %d rounds, %s; leaks %d, mismatches %d, media failures %d; tgari outcomes %s; "
                            + "tgari threads %d-%d, fds %d-%d, sockets %d-%d after rounds; %d s",
                    calls, rounds, faults, leaks.size(), mismatches.size(), mediaFailures.size(), outcomes, threads.getMin(), threads.getMax(), fds.getMin(), fds.getMax(),
                    sockets.getMin(), sockets.getMax(), took.toSeconds());
        }
    }

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(40);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final int THREAD_SLACK = 3;
    private static final int FD_SLACK = 6;
    private static final Pattern DIALS = Pattern.compile("call (\\S+): \\S+ dials '@?([^']+)'");
    private static final Pattern ENDED = Pattern.compile("call (\\S+): ended (\\S+) after \\d+ ms: (.*)");

    /** A call's end as tgari logged it: the outcome and its detail. */
    record TgariEnd(Outcome outcome, String detail) {
        /**
         * The Telegram media path failed (ICE, DTLS, or not up in time): a fact about the voip engine, not the
         * bookkeeping. A media set-up that failed on Asterisk's side (the ExternalMedia channel never entered
         * Stasis, an ARI request failed) is not one: that is the gateway's.
         */
        boolean mediaFailed() {
            if (outcome != Outcome.INTERNAL_ERROR) return false;
            if (detail.contains("media failed")) return true;
            return detail.contains("media setup failed") && !detail.contains("Stasis") && !detail.contains("ARI") && !detail.contains("HTTP");
        }
    }

    private final Settings settings;
    private final Path work;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AsteriskInstance asterisk;
    private final AriProxy proxy;
    private final List<SipPhone> phones = new ArrayList<>();
    private final List<Path> tgariLogs = new ArrayList<>();
    private final Set<String> usedTargets = new HashSet<>();
    private TgariProcess tgari;
    // When Asterisk was last up again after a kill: a call it lost mid-ring never hears anything more.
    private volatile long asteriskBackNanos = Long.MIN_VALUE;
    private int tgariStarts;
    private int[] baseline; // threads, fds of the current tgari process after its first round

    private final List<String> leaks = new ArrayList<>();
    private final List<String> mismatches = new ArrayList<>();
    private final List<String> mediaFailures = new ArrayList<>();
    private final List<CallRecord> records = new ArrayList<>();
    private final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
    private final IntSummaryStatistics threads = new IntSummaryStatistics();
    private final IntSummaryStatistics fds = new IntSummaryStatistics();
    private final IntSummaryStatistics sockets = new IntSummaryStatistics();

    private FaultCampaign(Settings settings, Path work) throws Exception {
        this.settings = settings;
        this.work = work;
        this.random = new Random(settings.seed());
        this.asterisk = Asterisks.start();
        AriProxy p = null;
        try {
            p = AriProxy.start(URI.create(asterisk.ariBaseUrl()).getPort());
            Path mic = TestGateway.toneWav(work, "mic.wav", 700, -15, 60);
            for (int i = 0; i < settings.parallel(); i++) phones.add(SipPhone.start(mic, work.resolve("phone-" + i)));
        } catch (Exception e) {
            phones.forEach(SipPhone::close);
            if (p != null) p.close();
            asterisk.close();
            throw e;
        }
        this.proxy = p;
    }

    /** Runs the campaign; the work directory keeps tgari's and the phones' logs. */
    static Report run(Settings settings, Path work) throws Exception {
        try (var campaign = new FaultCampaign(settings, work)) {
            return campaign.run();
        }
    }

    private Report run() throws Exception {
        long started = System.nanoTime();
        long deadline = started + settings.limit().toNanos();
        startTgari();
        List<Fault> firstFaults = new ArrayList<>(List.of(Fault.ASTERISK_KILL, Fault.ARI_DROP, Fault.TGARI_KILL));
        Collections.shuffle(firstFaults, random);
        int done = 0;
        int round = 0;
        while (done < settings.calls() && System.nanoTime() < deadline) {
            round++;
            // The first round is clean (it sets the baseline); then each kind of fault once, then at random.
            Fault fault = round == 1 ? Fault.NONE : !firstFaults.isEmpty() ? firstFaults.removeFirst()
                    : random.nextDouble() < settings.faultShare() ? Fault.values()[1 + random.nextInt(3)] : Fault.NONE;
            int n = Math.min(settings.parallel(), settings.calls() - done);
            runRound(round, fault, done, n);
            done += n;
        }
        var outcomes = new TreeMap<String, Integer>();
        records.forEach(r -> outcomes.merge(r.tgari() == null ? "none" : r.tgari().name().toLowerCase(), 1, Integer::sum));
        return new Report(done, round, new EnumMap<>(faults), List.copyOf(leaks), List.copyOf(mismatches), List.copyOf(mediaFailures), outcomes, threads, fds, sockets,
                Duration.ofNanos(System.nanoTime() - started), List.copyOf(records));
    }

    private void startTgari() throws Exception {
        Path log = work.resolve("tgari-" + (++tgariStarts) + ".log");
        tgariLogs.add(log);
        tgari = TgariProcess.start(asterisk, log, Map.of("ari.url", proxy.baseUrl(),
                "telegram.sim.loss-percent", String.valueOf(settings.lossPercent()),
                "telegram.sim.delay", settings.delayMs() + "ms", "telegram.sim.jitter", settings.jitterMs() + "ms",
                "telegram.sim.seed", String.valueOf(settings.seed()), "calls.no-answer-timeout", "30s"));
        tgari.awaitHealthy(Duration.ofSeconds(90));
        baseline = null;
    }

    // ---- one round ----

    private record Live(int number, CallPlan plan, long startNanos, String[] phoneSaw, long[] endNanos) {}

    private void runRound(int round, Fault fault, int firstNumber, int n) throws Exception {
        List<Live> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(new Live(firstNumber + i + 1, plan(firstNumber + i + 1), 0, new String[1], new long[1]));
        }
        var failures = new ConcurrentLinkedQueue<String>();
        List<Thread> workers = new ArrayList<>();
        long roundStart = System.nanoTime();
        for (int i = 0; i < n; i++) {
            SipPhone phone = phones.get(i);
            Live call = calls.get(i);
            workers.add(Thread.ofPlatform().name("campaign-call-" + call.number()).start(() -> {
                try {
                    call.phoneSaw()[0] = place(phone, call.plan());
                } catch (RuntimeException e) {
                    call.phoneSaw()[0] = "harness error: " + e;
                    failures.add("call " + call.number() + ": " + e);
                } finally {
                    call.endNanos()[0] = System.nanoTime();
                }
            }));
        }
        long[] faultWindow = {Long.MAX_VALUE, Long.MIN_VALUE};
        if (fault != Fault.NONE) {
            // a random moment while the round's calls ring, connect or talk
            Thread.sleep(300 + random.nextInt(2500));
            faultWindow[0] = System.nanoTime();
            inject(fault);
            faultWindow[1] = System.nanoTime();
            faults.merge(fault, 1, Integer::sum);
        }
        for (Thread w : workers) {
            w.join(Duration.ofSeconds(120));
            if (w.isAlive()) throw new IllegalStateException("round " + round + ": " + w.getName() + " did not finish within 120 s");
        }
        // tgari logs a call's end when it has seen it: after the phone's, so the round settles first
        checkLeaks(round);
        Map<String, TgariEnd> tgariOutcomes = tgariOutcomes();
        for (Live call : calls) {
            boolean hit = fault != Fault.NONE && roundStart <= faultWindow[1] && call.endNanos()[0] >= faultWindow[0];
            Fault hitBy = hit ? fault : Fault.NONE;
            TgariEnd end = tgariOutcomes.get(call.plan().target());
            Outcome tg = end == null ? null : end.outcome();
            boolean mediaFailed = end != null && end.mediaFailed();
            if (mediaFailed) mediaFailures.add("round " + round + " call " + call.number() + " " + call.plan().target() + ": " + end.detail());
            String verdict = judge(call.plan(), call.phoneSaw()[0], tg, hitBy, mediaFailed);
            var record = new CallRecord(call.number(), round, call.plan(), call.phoneSaw()[0], tg, hitBy, verdict);
            records.add(record);
            if (!record.ok()) mismatches.add("round " + round + " call " + call.number() + " " + call.plan() + " (fault " + hitBy + "): " + verdict);
        }
        mismatches.addAll(failures);
        System.out.printf("round %d: fault %s; %s%n", round, fault, calls.stream()
                .map(c -> c.number() + " " + c.plan().target() + " phone=" + c.phoneSaw()[0] + " tgari="
                        + java.util.Optional.ofNullable(tgariOutcomes.get(c.plan().target())).map(TgariEnd::outcome).orElse(null))
                .toList());
    }

    private CallPlan plan(int number) {
        int kind = random.nextInt(10);
        if (kind < 3) return new CallPlan.Talk(unique("hangup", 9_000_000 + number), 500 + random.nextInt(3000));
        if (kind < 5) return new CallPlan.CallerHangsUp(unique("hangup", 9_000_000 + number), random.nextInt(1500));
        if (kind < 7) {
            String target = unique("decline", random.nextInt(2500));
            return new CallPlan.Decline(target, Long.parseLong(target.substring("decline".length())));
        }
        String target = unique("hangup", random.nextInt(8000));
        return new CallPlan.FarEndHangsUp(target, Long.parseLong(target.substring("hangup".length())));
    }

    // The N of @declineN / @hangupN is a time in ms; one ms later is the same for the test and keeps targets unique.
    private String unique(String user, long ms) {
        while (!usedTargets.add(user + ms)) ms++;
        return user + ms;
    }

    /** Places one call as planned; returns what the phone saw: answered, sip NNN, hung up by us, or timeout. */
    private String place(SipPhone phone, CallPlan plan) {
        long dialled = System.nanoTime();
        phone.dial("sip:tg" + plan.target() + "@127.0.0.1:" + asterisk.sipPort());
        CallResult r;
        switch (plan) {
            case CallPlan.CallerHangsUp c -> {
                r = awaitAnswer(dialled, phone::awaitRingingOrResult);
                if (r instanceof CallResult.Ringing) {
                    r = phone.awaitEstablishedOrClosed(Duration.ofMillis(c.afterRingingMs()));
                    if (r instanceof CallResult.Timeout) return hangUp(phone, "hung up while ringing");
                }
                if (r instanceof CallResult.Established) return hangUp(phone, "answered");
            }
            case CallPlan.Talk t -> {
                r = awaitAnswer(dialled, phone::awaitEstablishedOrClosed);
                if (r instanceof CallResult.Established) {
                    CallResult end = phone.awaitClosed(Duration.ofMillis(t.talkMs()));
                    return end instanceof CallResult.Closed ? "answered, then closed by the far side" : hangUp(phone, "answered");
                }
            }
            case CallPlan.Decline d -> r = awaitAnswer(dialled, phone::awaitEstablishedOrClosed);
            case CallPlan.FarEndHangsUp f -> {
                r = awaitAnswer(dialled, phone::awaitEstablishedOrClosed);
                if (r instanceof CallResult.Established) {
                    CallResult end = phone.awaitClosed(Duration.ofMillis(f.ms()).plus(Duration.ofSeconds(15)));
                    return end instanceof CallResult.Closed ? "answered, then closed by the far side" : hangUp(phone, "answered, far end never hung up");
                }
            }
        }
        return switch (r) {
            case CallResult.Closed c -> phone.wasEstablished() ? "answered, then closed by the far side" : "sip " + c.sipCode();
            case CallResult.Timeout t -> hangUp(phone, "timeout");
            default -> hangUp(phone, "unexpected " + r);
        };
    }

    /**
     * Waits up to {@link #ANSWER_WAIT} in slices, and gives up early when Asterisk was killed after the
     * call was dialled and has been up again for a few seconds: the call died with it, and the phone,
     * which already heard ringing, would wait for ever.
     */
    private CallResult awaitAnswer(long dialled, java.util.function.Function<Duration, CallResult> await) {
        long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
        while (true) {
            CallResult r = await.apply(Duration.ofSeconds(1));
            if (!(r instanceof CallResult.Timeout)) return r;
            long back = asteriskBackNanos;
            long now = System.nanoTime();
            if (back > dialled && now - back > Duration.ofSeconds(3).toNanos() || now > deadline) return r;
        }
    }

    private String hangUp(SipPhone phone, String saw) {
        phone.hangup();
        CallResult end = phone.awaitClosed(CLOSE_WAIT);
        boolean answered = phone.wasEstablished();
        if (!(end instanceof CallResult.Closed)) return saw + "; the phone's call did not close";
        return answered && !saw.startsWith("answered") ? "answered (as we hung up)" : saw;
    }

    /**
     * Empty when the call went as it could have, else why not. Without a fault, tgari's outcome must be
     * one the plan allows and agree with the phone: answered exactly when the phone was answered, else
     * the SIP code the phone heard (cancelled when it hung up itself). A fault widens what tgari may say
     * (a killed tgari says nothing; a lost ARI ends calls answered or internal_error) but the phone's call
     * must still have ended.
     */
    static String judge(CallPlan plan, String phoneSaw, Outcome tg, Fault hitBy, boolean mediaFailed) {
        if (phoneSaw.contains("did not close") || phoneSaw.startsWith("harness error")) return "the phone: " + phoneSaw;
        boolean phoneAnswered = phoneSaw.startsWith("answered");
        if (hitBy == Fault.TGARI_KILL || hitBy == Fault.ASTERISK_KILL) {
            // tgari may have died with the call, or Asterisk with the caller's channel: only what tgari did say is checked
            if (tg == null || tg == Outcome.ANSWERED || tg == Outcome.INTERNAL_ERROR || plan.expected().contains(tg)) return "";
            return "tgari said " + tg + " after " + hitBy;
        }
        if (tg == null) {
            if (hitBy == Fault.ARI_DROP && phoneSaw.equals("sip 503")) return ""; // dialled while no tgari served the app
            return "no outcome in tgari's log (phone: " + phoneSaw + ")";
        }
        boolean allowed = plan.expected().contains(tg) || hitBy == Fault.ARI_DROP && (tg == Outcome.ANSWERED || tg == Outcome.INTERNAL_ERROR)
                || mediaFailed;
        if (!allowed) return "tgari said " + tg + ", the plan allows " + plan.expected() + " (phone: " + phoneSaw + ")";
        if (phoneAnswered != (tg == Outcome.ANSWERED)) return "tgari said " + tg + " but the phone saw " + phoneSaw;
        if (phoneAnswered) return "";
        if (phoneSaw.startsWith("hung up")) {
            // with its events socket down tgari cannot hear the caller leave: it ends the call for the lost ARI
            boolean blind = (hitBy == Fault.ARI_DROP || mediaFailed) && tg == Outcome.INTERNAL_ERROR;
            return tg == Outcome.CANCELLED || blind ? "" : "the caller hung up but tgari said " + tg;
        }
        if (phoneSaw.startsWith("sip ")) {
            int code = Integer.parseInt(phoneSaw.substring(4));
            return code == tg.sipCode ? "" : "tgari said " + tg + " (SIP " + tg.sipCode + ") but the phone heard " + code;
        }
        return "the phone saw " + phoneSaw;
    }

    private void inject(Fault fault) throws Exception {
        int opened = proxy.eventSocketsOpened();
        switch (fault) {
            case ASTERISK_KILL -> {
                asterisk.killAndRestart();
                asteriskBackNanos = System.nanoTime();
                awaitEventsSocket(opened);
            }
            case ARI_DROP -> {
                int dropped = proxy.dropEventSockets();
                if (dropped == 0) throw new IllegalStateException("no ARI events socket to drop");
                awaitEventsSocket(opened);
            }
            case TGARI_KILL -> {
                tgari.kill();
                startTgari();
                awaitEventsSocket(opened);
            }
            case NONE -> { }
        }
    }

    // tgari reconnected: an events socket opened after the fault (the old one may not be noticed as gone
    // yet, and /health still says UP until tgari notices) is open, and /health says UP.
    private void awaitEventsSocket(int openedBefore) throws InterruptedException {
        TestGateway.await("tgari's ARI events socket back", Duration.ofSeconds(60),
                () -> proxy.eventSocketsOpened() > openedBefore && proxy.eventSockets() > 0 && tgari.healthStatus() == 200);
    }

    // ---- what the round left ----

    private void checkLeaks(int round) throws Exception {
        expectSettled(round, "channels in Asterisk", () -> ari("/channels"), "[]");
        expectSettled(round, "bridges in Asterisk", () -> ari("/bridges"), "[]");
        expectSettled(round, "tgari_calls_active", () -> metric("tgari_calls_active"), "0.0");
        expectSettled(round, "tgari_engines_active", () -> metric("tgari_engines_active"), "0.0");
        int[] now = procCounts(tgari.pid());
        if (baseline == null) {
            baseline = now;
        } else {
            try {
                TestGateway.await("threads and fds back near the baseline", SETTLE, () -> {
                    int[] c = procCounts(tgari.pid());
                    now[0] = c[0];
                    now[1] = c[1];
                    now[2] = c[2];
                    return c[0] <= baseline[0] + THREAD_SLACK && c[1] <= baseline[1] + FD_SLACK;
                });
            } catch (AssertionError e) {
                leaks.add(String.format("round %d: tgari has %d threads and %d fds, baseline %d and %d", round, now[0], now[1], baseline[0], baseline[1]));
            }
        }
        threads.accept(now[0]);
        fds.accept(now[1]);
        sockets.accept(now[2]);
        System.out.printf("round %d: no channels, bridges, calls or engines left; tgari threads %d, fds %d (sockets %d)%n", round, now[0], now[1], now[2]);
    }

    private interface Probe {
        String read() throws Exception;
    }

    private void expectSettled(int round, String what, Probe probe, String settled) throws InterruptedException {
        String[] last = {""};
        try {
            TestGateway.await(what + " = " + settled, SETTLE, () -> {
                try {
                    last[0] = probe.read();
                } catch (Exception e) {
                    last[0] = "unreadable: " + e.getMessage();
                }
                return last[0].equals(settled);
            });
        } catch (AssertionError e) {
            leaks.add("round " + round + ": " + what + " still " + last[0] + " after " + SETTLE.toSeconds() + " s");
        }
    }

    private String ari(String path) throws Exception {
        String auth = Base64.getEncoder().encodeToString((asterisk.ariUser() + ":" + asterisk.ariPassword()).getBytes());
        return http.send(HttpRequest.newBuilder(URI.create(asterisk.ariBaseUrl() + "/ari" + path)).header("Authorization", "Basic " + auth)
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String metric(String name) {
        for (String line : tgari.admin("/metrics").split("\n")) {
            if (line.startsWith(name + " ")) return line.substring(name.length() + 1).strip();
        }
        return "absent";
    }

    /** Threads, file descriptors and sockets of a process, from /proc. */
    static int[] procCounts(long pid) {
        try {
            int threadCount = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Threads:"))
                    .mapToInt(l -> Integer.parseInt(l.substring(8).strip())).findFirst().orElse(-1);
            int fdCount = 0;
            int socketCount = 0;
            try (Stream<Path> fdsOfProcess = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                for (Path fd : fdsOfProcess.toList()) {
                    fdCount++;
                    try {
                        if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) socketCount++;
                    } catch (IOException e) {
                        // closed while listed
                    }
                }
            }
            return new int[] {threadCount, fdCount, socketCount};
        } catch (IOException e) {
            return new int[] {-1, -1, -1};
        }
    }

    /** The outcome of each target dialled, from the logs of every tgari process so far. */
    private Map<String, TgariEnd> tgariOutcomes() throws IOException {
        Map<String, String> targetOfCall = new HashMap<>();
        Map<String, TgariEnd> outcomes = new HashMap<>();
        for (Path log : tgariLogs) {
            if (!Files.exists(log)) continue;
            targetOfCall.clear(); // call numbers start again in each process
            for (String line : Files.readAllLines(log)) {
                Matcher d = DIALS.matcher(line);
                if (d.find()) targetOfCall.put(d.group(1), d.group(2));
                Matcher e = ENDED.matcher(line);
                if (e.find() && targetOfCall.containsKey(e.group(1))) outcomes.put(targetOfCall.get(e.group(1)), new TgariEnd(Outcome.ofTag(e.group(2)), e.group(3)));
            }
        }
        return outcomes;
    }

    @Override
    public void close() throws Exception {
        try {
            if (tgari != null) tgari.close();
        } finally {
            phones.forEach(SipPhone::close);
            proxy.close();
            asterisk.close();
        }
    }
}
