package org.tgari.voip.signaling;

/** The JSON messages of tgcalls' InstanceV2 signaling (versions 7 to 13). */
public sealed interface SignalingMessage permits InitialSetup, Candidates, NegotiateChannels, MediaState {}
