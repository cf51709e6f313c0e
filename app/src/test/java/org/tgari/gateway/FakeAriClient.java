package org.tgari.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tgari.ari.AriClient;

/** Records every ARI request in order and answers like Asterisk would, for call-flow tests. */
final class FakeAriClient implements AriClient {

    final List<String> requests = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<String> requestQueue = new LinkedBlockingQueue<>();
    volatile int rtpPort = 40000;
    volatile boolean failExternalMedia;

    private CompletableFuture<Void> record(String r) {
        requests.add(r);
        requestQueue.add(r);
        return CompletableFuture.completedFuture(null);
    }

    /** Waits for the next request (bounded), so tests follow the flow step by step. */
    String next() throws InterruptedException {
        String r = requestQueue.poll(5, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no ARI request within 5 s; so far: " + requests);
        return r;
    }

    @Override public CompletableFuture<AsteriskInfo> info() { return CompletableFuture.completedFuture(new AsteriskInfo("22.10.1")); }
    @Override public CompletableFuture<Void> ring(String channelId) { return record("ring " + channelId); }
    @Override
    public CompletableFuture<Void> answer(String channelId) {
        var recorded = record("answer " + channelId);
        var held = answerReply;
        return held == null ? recorded : held;
    }
    @Override public CompletableFuture<Void> hangup(String channelId, int cause) { return teardown(record("hangup " + channelId + " " + cause)); }
    /** When set, hang-ups and bridge destroys complete only when the test completes this (Asterisk slow to answer). */
    volatile CompletableFuture<Void> teardownReply;

    private CompletableFuture<Void> teardown(CompletableFuture<Void> recorded) {
        var held = teardownReply;
        return held == null ? recorded : held;
    }
    /** When set, bridge creation and ExternalMedia complete only when the test completes these (requests in flight). */
    volatile CompletableFuture<Void> bridgeReply;
    volatile CompletableFuture<Void> externalMediaReply;
    volatile CompletableFuture<Void> answerReply;

    @Override
    public CompletableFuture<Void> createBridge(String bridgeId, String type) {
        var recorded = record("bridge " + bridgeId + " " + type);
        var held = bridgeReply;
        return held == null ? recorded : held;
    }
    /** When set, adding channels to a bridge completes only when the test completes this (say, with Asterisk's refusal). */
    volatile CompletableFuture<Void> addToBridgeReply;

    @Override
    public CompletableFuture<Void> addToBridge(String bridgeId, List<String> ids) {
        var recorded = record("add " + bridgeId + " " + String.join(",", ids));
        var held = addToBridgeReply;
        return held == null ? recorded : held;
    }
    @Override public CompletableFuture<Void> destroyBridge(String bridgeId) { return teardown(record("destroy " + bridgeId)); }

    @Override
    public CompletableFuture<ExternalMediaChannel> externalMedia(ExternalMediaRequest r) {
        record("externalMedia " + r.channelId() + " " + r.transport() + " " + r.format());
        if (failExternalMedia) return CompletableFuture.failedFuture(new IllegalStateException("HTTP 500 from fake Asterisk"));
        var channel = new ExternalMediaChannel(r.channelId(),
                Map.of("UNICASTRTP_LOCAL_ADDRESS", "127.0.0.1", "UNICASTRTP_LOCAL_PORT", Integer.toString(rtpPort)));
        var held = externalMediaReply;
        return held == null ? CompletableFuture.completedFuture(channel) : held.thenApply(v -> channel);
    }

    /** When set, originate fails like a refused {@code POST /channels}. */
    volatile boolean failOriginate;
    final List<OriginateRequest> originated = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> originate(OriginateRequest r) {
        originated.add(r);
        record("originate " + r.endpoint() + " " + r.channelId() + " " + r.callerId());
        if (failOriginate) return CompletableFuture.failedFuture(new IllegalStateException("HTTP 400 from fake Asterisk"));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> play(String channelId, String playbackId, List<String> media) {
        return record("play " + channelId + " " + playbackId + " " + String.join(",", media));
    }
    @Override
    public CompletableFuture<Void> playOnBridge(String bridgeId, String playbackId, List<String> media) {
        return record("playOnBridge " + bridgeId + " " + playbackId + " " + String.join(",", media));
    }
    @Override public CompletableFuture<Void> stopPlayback(String playbackId) { return record("stopPlayback " + playbackId); }
    @Override public CompletableFuture<Void> sendDtmf(String channelId, String dtmf) { return record("dtmf " + channelId + " " + dtmf); }

    /** What GET /channels, GET /bridges and GET /applications/{app} answer. */
    volatile List<String> channels = List.of();
    volatile List<BridgeSummary> bridges = List.of();
    volatile java.util.Optional<Application> application = java.util.Optional.empty();

    @Override public CompletableFuture<List<String>> channelIds() { return CompletableFuture.completedFuture(channels); }
    @Override public CompletableFuture<List<BridgeSummary>> bridges() { return CompletableFuture.completedFuture(bridges); }
    @Override public CompletableFuture<java.util.Optional<Application>> application(String app) { return CompletableFuture.completedFuture(application); }

    @Override
    public CompletableFuture<Void> userEvent(String name, String app, Map<String, String> variables) {
        return record("userEvent " + name + " " + app + " " + new java.util.TreeMap<>(variables));
    }
    @Override public void close() { }
}
