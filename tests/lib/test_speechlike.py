"""The demo's generated call audio: a real WAV, the length the turns ask for, the same bytes for a seed."""

import io
import wave

from kohtaamo.lib.speechlike import RATE, speechlike_wav


def test_a_playable_wav_with_one_turn_per_speaker():
    audio = speechlike_wav(["agent", "customer", "agent"], seed=1, turn_seconds=(1.0, 1.0))
    with wave.open(io.BytesIO(audio)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 1, RATE)
        seconds = wav.getnframes() / RATE
    assert 3 * (1.0 + 0.35) - 0.01 < seconds < 3 * (1.0 + 0.35) + 0.01


def test_the_same_seed_gives_the_same_audio_and_another_seed_other_audio():
    assert speechlike_wav(["agent"], seed="a") == speechlike_wav(["agent"], seed="a")
    assert speechlike_wav(["agent"], seed="a") != speechlike_wav(["agent"], seed="b")


def test_it_is_not_silence_and_the_voices_differ():
    def frames(speaker):
        with wave.open(io.BytesIO(speechlike_wav([speaker], seed=3, turn_seconds=(1.0, 1.0)))) as wav:
            return wav.readframes(wav.getnframes())

    agent, customer = frames("agent"), frames("customer")
    assert max(agent) - min(agent) > 60  # audible, not a flat line
    assert agent != customer
