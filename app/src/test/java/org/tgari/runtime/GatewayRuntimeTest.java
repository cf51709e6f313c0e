package org.tgari.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tgari.config.ConfigLoader;

class GatewayRuntimeTest {

    private static long vertxThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("vert.x-")).count();
    }

    @Test
    void anAdminPortInUseIsNamedWithItsKeyAndStartUpLeavesNothingRunning() throws Exception {
        long before = vertxThreads();
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            var cfg = ConfigLoader.fromMap(Map.of("ari.url", "http://127.0.0.1:9", "http.port", Integer.toString(port)));
            assertThatThrownBy(() -> GatewayRuntime.start(cfg))
                    .hasStackTraceContaining("cannot listen on 127.0.0.1:" + port + " (http.host / http.port)");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (vertxThreads() > before && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(vertxThreads()).as("Vert.x closed with the failed start-up").isLessThanOrEqualTo(before);
    }
}
