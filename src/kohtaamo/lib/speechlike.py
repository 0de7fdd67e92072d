"""A short telephone-quality WAV that sounds like two people taking turns, for the demo's call recordings.

No speech synthesiser is needed (nor shipped): each turn is a buzz at a speaker's pitch with a few
harmonics, shaped into syllables about four times a second, with a little breath noise and a pause
between turns. It is not speech, but an evaluator hears who talks when, and the player has something
real to load, seek and play. Deterministic for a given seed, so the demo builds the same bytes.
"""

from __future__ import annotations

import io
import math
import random
import wave
from collections.abc import Sequence

__all__ = ["RATE", "speechlike_wav"]

RATE = 8000  # Hz: telephone quality, and a second of 8-bit mono is 8 kB
PITCH = {"agent": 125.0, "customer": 205.0}  # Hz: the two voices differ the way two people's do
SYLLABLES_PER_SECOND = 4.2
PAUSE = 0.35  # seconds of silence between turns


def _turn(rng: random.Random, seconds: float, pitch: float) -> list[float]:
    """One turn: a voiced buzz (fundamental and harmonics) in syllable-shaped bursts, values in −1…1."""
    samples = []
    phase_jitter = rng.uniform(0, math.tau)
    wobble = rng.uniform(0.03, 0.07)  # intonation: the pitch drifts a few per cent over the turn
    for index in range(round(seconds * RATE)):
        t = index / RATE
        f = pitch * (1 + wobble * math.sin(math.tau * 0.7 * t + phase_jitter))
        voiced = sum(math.sin(math.tau * f * k * t) / k for k in (1, 2, 3, 4))
        syllable = max(0.0, math.sin(math.pi * SYLLABLES_PER_SECOND * t)) ** 2
        fade = min(1.0, t / 0.05, (seconds - t) / 0.05)
        samples.append(fade * (0.45 * syllable * voiced / 2.1 + 0.03 * rng.uniform(-1, 1)))
    return samples


def speechlike_wav(
    speakers: Sequence[str], *, seed: int | str = 0, turn_seconds: tuple[float, float] = (1.0, 2.2)
) -> bytes:
    """An 8 kHz, 8-bit mono WAV with one turn per entry of ``speakers`` ("agent", "customer", others).

    Each turn lasts between ``turn_seconds`` (chosen by the seed); an unknown speaker gets a third voice.
    """
    rng = random.Random(f"speechlike:{seed}")
    samples: list[float] = []
    for speaker in speakers:
        seconds = rng.uniform(*turn_seconds)
        samples.extend(_turn(rng, seconds, PITCH.get(speaker, 165.0)))
        samples.extend([0.0] * round(PAUSE * RATE))
    frames = bytes(max(0, min(255, round(128 + 127 * s))) for s in samples)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)  # 8-bit PCM is unsigned, centred on 128
        out.setframerate(RATE)
        out.writeframes(frames)
    return buffer.getvalue()
