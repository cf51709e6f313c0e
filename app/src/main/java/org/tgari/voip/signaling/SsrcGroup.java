package org.tgari.voip.signaling;

import java.util.List;
import java.util.Objects;

/** An SSRC group such as {@code FID} (video + RTX). */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public SsrcGroup {
        Objects.requireNonNull(semantics, "semantics");
        ssrcs = List.copyOf(ssrcs);
        ssrcs.forEach(s -> Uint32.require(s, "ssrcs"));
    }
}
