package org.tgari.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/** Asks ARI's {@code GET /ari/asterisk/info} whether Asterisk is up and which version it runs. */
final class AriProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI infoUri;
    private final String authorization;

    AriProbe(String baseUrl, String user, String password) {
        this.infoUri = URI.create(baseUrl + "/ari/asterisk/info");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The version if ARI answers 200 now, else empty. */
    Optional<String> version() {
        HttpRequest request = HttpRequest.newBuilder(infoUri)
                .timeout(Duration.ofSeconds(2))
                .header("Authorization", authorization)
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode version = JSON.readTree(response.body()).path("system").path("version");
            return version.isTextual() ? Optional.of(version.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Polls until ARI answers, the process dies ({@code failure} then explains why) or the deadline passes.
     * A bounded readiness poll: Asterisk offers no event to wait on from outside.
     */
    String awaitVersion(Duration timeout, Supplier<Optional<String>> failure) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<String> version = version();
            if (version.isPresent()) {
                return version.get();
            }
            Optional<String> failed = failure.get();
            if (failed.isPresent()) {
                throw new IllegalStateException(failed.get());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("ARI at " + infoUri + " did not answer within " + timeout);
            }
            Thread.sleep(POLL_INTERVAL);
        }
    }
}
