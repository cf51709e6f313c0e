/**
 * Telegram call (tgcalls InstanceV2Impl) signaling: the call-key encrypted channel carried by
 * {@code sendCallSignalingData}/{@code updateNewCallSignalingData}, for library versions 7.0.0 (raw packets) and
 * 8.0.0 (acked records), and the JSON messages it carries. Byte-exact against tgcalls 24694f6 (see the tests and
 * {@code src/test/resources/tgcalls-vectors}).
 *
 * <p>Deliberate differences from tgcalls, none visible on the wire in normal operation: a lone first message arms the
 * 5 s re-send timer (tgcalls waits for the next send); an authenticated packet with a broken record is dropped whole,
 * without half-applying its acks; 7.0.0 packets are also held to the 16 KiB signaling limit; MediaState rotation is read
 * from {@code videoRotation} (tgcalls reads the wrong field).
 */
package org.tgari.voip.signaling;
