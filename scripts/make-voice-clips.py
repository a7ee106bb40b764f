"""Makes the display boards' voice clips once, with Debian's espeak-ng (Vietnamese voice), into
src/motcua/queue/static/queue/voice/: one WAV per word a call can need (motcua.queue.speech.all_clips) and a chime
synthesised here. The clips are committed, so a centre needs neither espeak-ng nor internet.

    apt-get install espeak-ng
    PYTHONPATH=src python scripts/make-voice-clips.py

Mono, 16-bit, 11,025 Hz (espeak-ng's 22,050 Hz halved: speech needs no more), silence trimmed at both ends so
that the words of a call follow each other without gaps.
"""

from __future__ import annotations

import array
import math
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

from motcua.queue.speech import CHIME, all_clips

OUT = Path(__file__).resolve().parents[1] / "src" / "motcua" / "queue" / "static" / "queue" / "voice"
RATE = 11_025
SILENCE = 300  # |sample| below this is silence (of 32,767)
PAD = int(RATE * 0.03)  # kept around the trimmed word


def speak(text: str) -> array.array:
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        # -s 150 words a minute: a hall is noisy and its visitors are not all young; -g 2: a short pause in
        # compound names ("vê kép").
        subprocess.run(["espeak-ng", "-v", "vi", "-s", "150", "-g", "2", "-w", tmp.name, text], check=True)
        with wave.open(tmp.name) as source:
            assert source.getnchannels() == 1 and source.getsampwidth() == 2, "espeak-ng wrote an unusual WAV"
            rate = source.getframerate()
            samples = array.array("h", source.readframes(source.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    step = max(1, rate // RATE)
    # Halving: the mean of each pair is a crude low-pass filter, enough for a voice.
    halved = array.array("h", (sum(samples[i : i + step]) // step for i in range(0, len(samples) - step + 1, step)))
    loud = [i for i, s in enumerate(halved) if abs(s) > SILENCE]
    if not loud:
        raise SystemExit(f"espeak-ng said nothing for {text!r}")
    return halved[max(0, loud[0] - PAD) : loud[-1] + PAD]


def chime() -> array.array:
    """Two soft tones (E5 then C5), each fading out: the hall hears that a number is about to be called."""
    samples = array.array("h")
    for frequency, seconds in ((659.25, 0.35), (523.25, 0.55)):
        count = int(RATE * seconds)
        for i in range(count):
            fade = math.exp(-4.0 * i / count) * min(1.0, i / (RATE * 0.01))
            samples.append(int(9000 * fade * math.sin(2 * math.pi * frequency * i / RATE)))
    return samples


def write(name: str, samples: array.array) -> float:
    if sys.byteorder == "big":
        samples = array.array("h", samples)
        samples.byteswap()
    with wave.open(str(OUT / f"{name}.wav"), "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(RATE)
        target.writeframes(samples.tobytes())
    return len(samples) / RATE


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    durations = {CHIME: write(CHIME, chime())}
    for name, text in sorted(all_clips().items()):
        durations[name] = write(name, speak(text))
    total = sum(f.stat().st_size for f in OUT.glob("*.wav"))
    for name, seconds in sorted(durations.items()):
        print(f"{name:<14} {seconds:5.2f} s")
    print(f"{len(durations)} clips, {total / 1024:.0f} KiB in {OUT}")


if __name__ == "__main__":
    main()
