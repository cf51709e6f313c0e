package org.tgari.ari;

import ch.loway.oss.ari4java.tools.HttpParam;
import ch.loway.oss.ari4java.tools.HttpResponse;
import ch.loway.oss.ari4java.tools.HttpResponseHandler;
import ch.loway.oss.ari4java.tools.RestException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * ari4java's REST requests carried by the JDK's HTTP client, every request bounded in time.
 *
 * <p>ari4java's own Netty client keeps a small fixed pool of connections and waits up to 30 s for an
 * answer on a connection that has already closed: when Asterisk died with a request in flight, that
 * request hung for 30 s and every later one (hang-ups, the reconnect's clean-up, the next calls' set-up)
 * queued behind it (seen in the fault campaign: calls after an Asterisk restart failed for half a minute).
 * Here a closed connection fails its request at once, a request Asterisk does not answer fails after
 * {@code timeout}, and requests never wait for each other.
 *
 * <p>ari4java insists on a websocket client too; the events come through {@link AriEventSocket}, so this
 * one refuses to connect.
 */
final class AriRestTransport implements ch.loway.oss.ari4java.tools.HttpClient, ch.loway.oss.ari4java.tools.WsClient {

    private final String base;
    private final String authorization;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient http;

    /** {@code baseUrl}: Asterisk's HTTP server, e.g. {@code http://127.0.0.1:8088/}. */
    AriRestTransport(String baseUrl, String user, String password, Duration timeout) {
        this.base = (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + "ari";
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        // Virtual threads for the client's work: its default pool keeps platform threads alive for a minute
        // after a burst of requests (the fault campaign counted them as leaked threads after each round).
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).executor(executor).build();
    }

    /** The request's URL: ari4java's path under {@code /ari}, with the query parameters that have a value. */
    String url(String path, List<HttpParam> query) {
        var url = new StringBuilder(base).append(path);
        char sep = '?';
        if (query != null) {
            for (HttpParam p : query) {
                if (p.getValue() == null || p.getValue().isEmpty()) continue;
                url.append(sep).append(p.getName()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return url.toString();
    }

    private HttpRequest request(String path, String method, List<HttpParam> query, String body) {
        boolean hasBody = body != null && !body.isEmpty();
        var request = HttpRequest.newBuilder(URI.create(url(path, query))).timeout(timeout).header("Authorization", authorization)
                .method(method, hasBody ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        if (hasBody) request.header("Content-Type", "application/json");
        return request.build();
    }

    @Override
    public String httpActionSync(String path, String method, List<HttpParam> query, String body, List<HttpResponse> errors)
            throws RestException {
        return new String(httpActionSyncAsBytes(path, method, query, body, errors), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] httpActionSyncAsBytes(String path, String method, List<HttpParam> query, String body, List<HttpResponse> errors)
            throws RestException {
        try {
            return answer(http.send(request(path, method, query, body), java.net.http.HttpResponse.BodyHandlers.ofByteArray()), errors);
        } catch (HttpTimeoutException e) {
            throw new RestException(method + " " + path + ": no answer from Asterisk within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new RestException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException(method + " " + path + ": interrupted", e);
        }
    }

    @Override
    public void httpActionAsync(String path, String method, List<HttpParam> query, String body, List<HttpResponse> errors,
                                HttpResponseHandler handler, boolean binary) {
        http.sendAsync(request(path, method, query, body), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, t) -> {
            if (t != null) {
                Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                handler.onFailure(new RestException(method + " " + path + ": " + cause, cause));
                return;
            }
            try {
                byte[] bytes = answer(r, errors);
                if (binary) handler.onSuccess(bytes);
                else handler.onSuccess(new String(bytes, StandardCharsets.UTF_8));
            } catch (RestException e) {
                handler.onFailure(e);
            }
        });
    }

    /** The body of a 2xx answer; any other status is a RestException with ari4java's description for it. */
    private static byte[] answer(java.net.http.HttpResponse<byte[]> response, List<HttpResponse> errors) throws RestException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) return response.body();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (errors != null) {
            for (HttpResponse e : errors) {
                if (e.getCode() == status) throw new RestException(e.getDescription(), text, status);
            }
        }
        throw new RestException(text, status);
    }

    @Override
    public WsClientConnection connect(HttpResponseHandler callback, String url, List<HttpParam> query) throws RestException {
        throw new RestException("ARI events are read by AriEventSocket, not through ari4java");
    }

    @Override
    public boolean isWsConnected() {
        return false;
    }

    @Override
    public void destroy() {
        http.close();
        executor.close();
    }
}
