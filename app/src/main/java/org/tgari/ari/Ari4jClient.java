package org.tgari.ari;

import ch.loway.oss.ari4java.ARI;
import ch.loway.oss.ari4java.AriVersion;
import ch.loway.oss.ari4java.generated.models.Bridge;
import ch.loway.oss.ari4java.generated.models.Channel;
import ch.loway.oss.ari4java.tools.BaseAriAction;
import ch.loway.oss.ari4java.tools.RestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AriClient} over ari4java's typed REST requests. ari4java's requests block their caller, so
 * each runs on a virtual thread and never on an event loop. ari4java's own events websocket is not
 * used: {@link AriEventSocket} reads events in order on one context.
 */
public final class Ari4jClient implements AriClient {

    private static final Logger log = LoggerFactory.getLogger(Ari4jClient.class);
    // Longer than any ARI request takes on a live Asterisk; a dead or hung one fails requests after this.
    private static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final ARI ari;
    private final String app;
    private final AriRestTransport http;
    private final ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ari-rest-", 0).factory());

    public Ari4jClient(String baseUrl, String app, String user, String password) {
        // Asterisk >= 22.7 adds fields (tech_cause) the generated models lack; strict mapping would fail them.
        BaseAriAction.setObjectMapperLessStrict();
        // Built by hand rather than with ARI.build: ARI.cleanup() makes a REST call (it unsubscribes an
        // application we never subscribed through it). Its REST requests go through our bounded transport;
        // the events come through AriEventSocket, so the transport's websocket side refuses to connect.
        this.http = new AriRestTransport(baseUrl, user, password, REQUEST_TIMEOUT);
        this.ari = new ARI();
        ari.setHttpClient(http);
        ari.setWsClient(http);
        // ARI 10 (Asterisk 22) models; the few resources tgari uses have the same shape since Asterisk 18.
        ari.setVersion(AriVersion.ARI_10_0_0);
        ari.setAppName(app);
        this.app = app;
    }

    @FunctionalInterface
    private interface Rest<T> {
        T call() throws RestException;
    }

    private <T> CompletableFuture<T> run(String what, Rest<T> rest) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return rest.call();
            } catch (RestException e) {
                throw new AriException(what + " failed: " + e.getMessage() + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : ""), e.getCode(), e);
            }
        }, blocking);
    }

    /** Runs a request whose 404 means "already gone", which is what the caller wanted anyway. */
    private CompletableFuture<Void> runIdempotent(String what, Rest<Void> rest) {
        return run(what, rest).exceptionallyCompose(t -> {
            Throwable cause = t instanceof java.util.concurrent.CompletionException ? t.getCause() : t;
            if (cause instanceof AriException ae && ae.httpStatus() == 404) return CompletableFuture.completedFuture(null);
            return CompletableFuture.failedFuture(cause);
        });
    }

    @Override
    public CompletableFuture<AsteriskInfo> info() {
        return run("GET /asterisk/info", () -> new AsteriskInfo(ari.asterisk().getInfo().execute().getSystem().getVersion()));
    }

    @Override
    public CompletableFuture<Void> ring(String channelId) {
        return run("ring " + channelId, () -> { ari.channels().ring(channelId).execute(); return null; });
    }

    @Override
    public CompletableFuture<Void> answer(String channelId) {
        return run("answer " + channelId, () -> { ari.channels().answer(channelId).execute(); return null; });
    }

    @Override
    public CompletableFuture<Void> hangup(String channelId, int q850Cause) {
        return runIdempotent("hangup " + channelId, () -> {
            ari.channels().hangup(channelId).setReason_code(Integer.toString(q850Cause)).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> createBridge(String bridgeId, String type) {
        return run("create bridge " + bridgeId, () -> {
            Bridge b = ari.bridges().create().setBridgeId(bridgeId).setType(type).setName(app).execute();
            log.debug("bridge {} created ({})", b.getId(), type);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> addToBridge(String bridgeId, List<String> channelIds) {
        return run("add " + channelIds + " to bridge " + bridgeId, () -> {
            ari.bridges().addChannel(bridgeId, String.join(",", channelIds)).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> destroyBridge(String bridgeId) {
        return runIdempotent("destroy bridge " + bridgeId, () -> { ari.bridges().destroy(bridgeId).execute(); return null; });
    }

    @Override
    public CompletableFuture<ExternalMediaChannel> externalMedia(ExternalMediaRequest r) {
        return run("externalMedia " + r.channelId(), () -> {
            var req = ari.channels().externalMedia(r.app(), r.externalHost(), r.format())
                    .setChannelId(r.channelId())
                    .setEncapsulation(r.encapsulation())
                    .setTransport(r.transport());
            if (r.connectionType() != null) req.setConnection_type(r.connectionType());
            Channel c = req.execute();
            return new ExternalMediaChannel(c.getId(), stringMap(c.getChannelvars()));
        });
    }

    @Override
    public CompletableFuture<Void> originate(OriginateRequest r) {
        return run("originate " + r.endpoint() + " as " + r.channelId(), () -> {
            ari.channels().originate(r.endpoint())
                    .setChannelId(r.channelId())
                    .setApp(r.app())
                    .setAppArgs(r.appArgs())
                    .setCallerId(r.callerId())
                    .setVariables(new LinkedHashMap<>(r.variables()))
                    .setTimeout(r.timeoutSeconds())
                    .setFormats(r.formats())
                    .execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> play(String channelId, String playbackId, List<String> media) {
        return run("play " + media + " to " + channelId, () -> {
            ari.channels().playWithId(channelId, playbackId, String.join(",", media)).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> playOnBridge(String bridgeId, String playbackId, List<String> media) {
        return run("play " + media + " into bridge " + bridgeId, () -> {
            ari.bridges().playWithId(bridgeId, playbackId, String.join(",", media)).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> stopPlayback(String playbackId) {
        return runIdempotent("stop playback " + playbackId, () -> { ari.playbacks().stop(playbackId).execute(); return null; });
    }

    @Override
    public CompletableFuture<Void> sendDtmf(String channelId, String dtmf) {
        return run("send DTMF to " + channelId, () -> { ari.channels().sendDTMF(channelId).setDtmf(dtmf).execute(); return null; });
    }

    private static Map<String, String> stringMap(Object vars) {
        Map<String, String> out = new LinkedHashMap<>();
        if (vars instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return Map.copyOf(out);
    }

    @Override
    public CompletableFuture<List<String>> channelIds() {
        return run("list channels", () -> ari.channels().list().execute().stream().map(Channel::getId).toList());
    }

    @Override
    public CompletableFuture<List<BridgeSummary>> bridges() {
        return run("list bridges", () -> ari.bridges().list().execute().stream().map(b -> new BridgeSummary(b.getId(), b.getName())).toList());
    }

    @Override
    public CompletableFuture<java.util.Optional<Application>> application(String app) {
        return run("GET /applications/" + app, () -> {
            var a = ari.applications().get(app).execute();
            return java.util.Optional.of(new Application(a.getName(), List.copyOf(a.getChannel_ids()), List.copyOf(a.getBridge_ids())));
        }).exceptionallyCompose(t -> {
            Throwable cause = t instanceof java.util.concurrent.CompletionException ? t.getCause() : t;
            if (cause instanceof AriException ae && ae.httpStatus() == 404) return CompletableFuture.completedFuture(java.util.Optional.empty());
            return CompletableFuture.failedFuture(cause);
        });
    }

    @Override
    public CompletableFuture<Void> userEvent(String name, String app, Map<String, String> variables) {
        return run("user event " + name + " to " + app, () -> {
            ari.events().userEvent(name, app).setVariables(Map.copyOf(variables)).execute();
            return null;
        });
    }

    @Override
    public void close() {
        blocking.shutdownNow();
        http.destroy();
    }
}
