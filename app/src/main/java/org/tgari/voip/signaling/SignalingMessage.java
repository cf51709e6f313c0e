package org.tgari.voip.signaling;

/** One JSON signaling message of tgcalls InstanceV2Impl, discriminated on the wire by {@code "@type"}. */
public sealed interface SignalingMessage permits InitialSetup, Candidates, NegotiateChannels, MediaState {
}
