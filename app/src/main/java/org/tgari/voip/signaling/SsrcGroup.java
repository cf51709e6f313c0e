package org.tgari.voip.signaling;

import java.util.List;

/** An SSRC group such as FID (video + RTX). */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }
}
