package org.tgari.telegram.sim;

/** Parameters of the plain Opus/RTP stream the simulated network uses before the tgcalls engine. */
final class SimRtp {
    private SimRtp() {}

    static final int OPUS_PAYLOAD_TYPE = 111;
    static final int MAX_PACKET = 1500;
}
