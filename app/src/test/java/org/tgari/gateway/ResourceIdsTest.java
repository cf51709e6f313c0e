package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceIdsTest {

    @Test
    void processesNameTheirFirstCallDifferently() {
        // Two processes (a crashed one and its restart) both number their first call 1.
        Set<String> bridges = new HashSet<>();
        for (int i = 0; i < 1000; i++) bridges.add(ResourceIds.random().bridge("1"));
        assertThat(bridges).hasSize(1000);
    }

    @Test
    void everyIdCarriesThePrefixReconciliationLooksFor() {
        var ids = ResourceIds.withInstance("ab12cd34");
        assertThat(ids.bridge("7")).isEqualTo("tgari-ab12cd34-br-7");
        assertThat(ids.mediaChannel("7")).isEqualTo("tgari-ab12cd34-em-7");
        assertThat(ResourceIds.isOurs(ids.bridge("7"))).isTrue();
        assertThat(ResourceIds.isOurs(ids.mediaChannel("7"))).isTrue();
        assertThat(ResourceIds.isOurs("1732.5")).isFalse();
        assertThat(ResourceIds.isOurs(null)).isFalse();
    }
}
