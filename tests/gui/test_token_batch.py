"""The worker hands a reply's pieces over a frame at a time (gui/inference/token_batch.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gui.inference.token_batch import PieceBatcher


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _batcher(clock: Clock) -> tuple[PieceBatcher, list[tuple[str, str, int]]]:
    out: list[tuple[str, str, int]] = []
    batcher = PieceBatcher(
        lambda text, n: out.append(("answer", text, n)),
        lambda text, n: out.append(("thinking", text, n)),
        interval_s=0.016,
        clock=clock,
    )
    return batcher, out


def test_first_piece_goes_at_once_then_a_frame_is_joined() -> None:
    clock = Clock()
    batcher, out = _batcher(clock)
    batcher.text("Hel")
    assert out == [("answer", "Hel", 1)]  # the first token is not delayed
    clock.now += 0.005
    batcher.text("lo")
    clock.now += 0.005
    batcher.text(",")
    assert out == [("answer", "Hel", 1)]  # held: within one frame of the last hand-over
    clock.now += 0.007
    batcher.text(" world")
    assert out[-1] == ("answer", "lo, world", 3)
    clock.now += 0.001
    batcher.text("!")
    batcher.flush()
    assert out[-1] == ("answer", "!", 1)
    batcher.flush()  # nothing held: nothing handed over
    assert len(out) == 3


def test_a_slow_model_streams_token_by_token() -> None:
    clock = Clock()
    batcher, out = _batcher(clock)
    for piece in ["a", "b", "c"]:
        batcher.text(piece)
        clock.now += 0.05  # 20 tokens a second
    assert out == [("answer", "a", 1), ("answer", "b", 1), ("answer", "c", 1)]


def test_thinking_and_answer_are_never_joined_and_keep_their_order() -> None:
    clock = Clock()
    batcher, out = _batcher(clock)
    batcher.reasoning("Let me")
    batcher.reasoning(" think")  # held
    batcher.text("Yes")  # the held thinking goes first; the answer waits for its frame
    assert out == [("thinking", "Let me", 1), ("thinking", " think", 1)]
    batcher.text(".")
    batcher.flush()
    assert out[2:] == [("answer", "Yes.", 2)]


@given(
    st.lists(
        st.tuples(st.booleans(), st.text(max_size=3), st.floats(min_value=0, max_value=0.04)),
        max_size=60,
    )
)
def test_nothing_is_lost_or_reordered(steps: list[tuple[bool, str, float]]) -> None:
    clock = Clock()
    batcher, out = _batcher(clock)
    for thinking, piece, wait in steps:
        clock.now += wait
        (batcher.reasoning if thinking else batcher.text)(piece)
    batcher.flush()
    for kind in ("thinking", "answer"):
        sent = [piece for thinking, piece, _ in steps if thinking == (kind == "thinking")]
        got = [(text, n) for k, text, n in out if k == kind]
        assert "".join(text for text, _ in got) == "".join(sent)
        assert sum(n for _, n in got) == len(sent)
    assert all(n >= 1 for *_, n in out)
    # Interleaved as sent: runs of one kind in, runs of one kind out.
    assert _runs([(t, p) for t, p, _ in steps]) == _runs(
        [(kind == "thinking", text) for kind, text, _ in out]
    )


def test_without_an_interval_each_piece_goes_at_once() -> None:
    out: list[tuple[str, int]] = []
    batcher = PieceBatcher(lambda t, n: out.append((t, n)), lambda t, n: None, interval_s=0.0)
    for piece in ["a", "b", "c"]:
        batcher.text(piece)  # same instant: still one by one
    assert out == [("a", 1), ("b", 1), ("c", 1)]


def _runs(pieces: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """Consecutive non-empty pieces of one kind joined."""
    runs: list[tuple[bool, str]] = []
    for kind, text in pieces:
        if not text:
            continue
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + text)
        else:
            runs.append((kind, text))
    return runs
