"""An independent WebRTC peer for tgari's interoperability test (aiortc: ICE, DTLS-SRTP, Opus).

Reads one JSON line {"sdp": offer} on stdin, answers with one JSON line {"sdp": answer} on stdout,
sends a sine tone, records what it hears to a WAV file, and exits after the given seconds.
Usage: aiortc_peer.py FREQUENCY_HZ SECONDS OUT.wav
"""
import asyncio
import json
import math
import sys

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaRecorder
from aiortc.mediastreams import AudioStreamTrack


class Sine(AudioStreamTrack):
    def __init__(self, freq):
        super().__init__()
        self.freq = freq
        self.n = 0

    async def recv(self):
        frame = await super().recv()  # paced silence; we fill in the tone
        rate, samples = frame.sample_rate, frame.samples
        out = bytearray()
        for i in range(samples):
            v = int(0.25 * 32767 * math.sin(2 * math.pi * self.freq * (self.n + i) / rate))
            out += v.to_bytes(2, "little", signed=True)
        self.n += samples
        frame.planes[0].update(bytes(out))
        return frame


async def main(freq, seconds, out_wav):
    offer = json.loads(sys.stdin.readline())
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))  # no public STUN: this is a closed test network
    recorder = MediaRecorder(out_wav)

    @pc.on("track")
    def on_track(track):
        recorder.addTrack(track)

    await pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
    pc.addTrack(Sine(freq))
    answer = await pc.createAnswer()
    await pc.setLocalDescription(answer)
    print(json.dumps({"sdp": pc.localDescription.sdp}), flush=True)
    await recorder.start()
    await asyncio.sleep(seconds)
    await recorder.stop()
    print(json.dumps({"state": pc.connectionState}), flush=True)
    await pc.close()


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]))
