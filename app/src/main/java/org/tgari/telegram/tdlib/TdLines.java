package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.tgari.config.GatewayConfig;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.UnconfiguredLine;

/** Opens the configured real line: libtdjson, the process's TDLib client, and a {@link TdLine} on it. */
public final class TdLines {
    private TdLines() {}

    /** A working line, or an {@link UnconfiguredLine} saying in plain words what is missing. */
    public static TelegramLine open(GatewayConfig.Telegram cfg, Vertx vertx, String hostAddress) {
        return open(cfg, vertx, hostAddress, u -> { });
    }

    /** Like {@link #open(GatewayConfig.Telegram, Vertx, String)}, its calls' engines counted by {@code engines}. */
    public static TelegramLine open(GatewayConfig.Telegram cfg, Vertx vertx, String hostAddress, org.tgari.voip.engine.EngineCensus engines) {
        return open(cfg, vertx, hostAddress, u -> { }, engines);
    }

    public static TelegramLine open(GatewayConfig.Telegram cfg, Vertx vertx, String hostAddress, Consumer<JsonNode> observer) {
        return open(cfg, vertx, hostAddress, observer, new org.tgari.voip.engine.EngineCensus());
    }

    /**
     * Like {@link #open(GatewayConfig.Telegram, Vertx, String)}; {@code observer} also sees every update of the
     * line's client, from the first one on (after the line), e.g. the login flow following the authorization state.
     */
    private static TelegramLine open(GatewayConfig.Telegram cfg, Vertx vertx, String hostAddress, Consumer<JsonNode> observer,
                                     org.tgari.voip.engine.EngineCensus engines) {
        if (cfg.apiId() == 0 || cfg.apiHash() == null || cfg.apiHash().isBlank()) {
            return new UnconfiguredLine("no lines configured: set telegram.api-id and telegram.api-hash (or TGARI_API_ID and "
                    + "TGARI_API_HASH) to your own values from my.telegram.org, then log the line in");
        }
        TdJsonLibrary lib;
        try {
            lib = TdJsonLibrary.load(cfg.tdjson());
        } catch (TdJsonUnavailable e) {
            return new UnconfiguredLine(e.getMessage());
        }
        Path dir = Path.of(cfg.dataDir(), cfg.lineName());
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            return new UnconfiguredLine("cannot create the line's data directory " + dir + ": " + e.getMessage());
        }
        var client = new TdJsonClient(lib);
        TdLogSettings.apply(client, dir.resolve("tdlib.log"), cfg.tdlibLogVerbosity());
        client.start();
        int[] id = {-1};
        TdSession session = new TdSession() {
            @Override
            public CompletableFuture<JsonNode> send(ObjectNode request) {
                return client.send(id[0], request);
            }

            @Override
            public ObjectNode request(String type) {
                return client.request(type);
            }
        };
        var line = new TdLine(cfg.lineName(), session, vertx, hostAddress,
                new TdLine.TdlibParameters(cfg.apiId(), cfg.apiHash(), dir, cfg.databaseKey()),
                new TdLine.Settings(cfg.importContacts(), cfg.lookupCacheSize(), cfg.lookupCacheTtl(), engines),
                () -> client.close());
        id[0] = client.newClient(u -> {
            line.onUpdate(u);
            observer.accept(u);
        });
        if (cfg.offline()) {
            // TDLib applies this before it first connects: the line can be inspected without any network.
            var none = client.request("setNetworkType");
            none.set("type", client.request("networkTypeNone"));
            session.send(none);
        } else {
            session.send(client.request("getOption").put("name", "version")); // wakes the client up
        }
        return line;
    }
}
