"""Progress bars: in place on a terminal, two plain lines in a log."""

import io

import numpy as np

from kerasgan.progress import Progress, in_chunks, progress_bars


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_log_gets_a_start_and_an_end_line_without_carriage_returns():
    stream, clock = io.StringIO(), FakeClock()
    bar = Progress("features", 100, stream=stream, interactive=False, clock=clock)
    for _ in range(4):
        clock.now += 1.0
        bar.update(25)
    bar.close()
    bar.close()  # a second close writes nothing
    assert stream.getvalue() == "features: 100 ...\nfeatures: done, 100 in 4.0 s\n"


def test_a_terminal_bar_redraws_in_place_at_most_every_interval():
    stream, clock = io.StringIO(), FakeClock()
    bar = Progress("gen", 10, stream=stream, interactive=True, min_interval=1.0, clock=clock)
    bar.update(2)  # drawn
    clock.now += 0.5
    bar.update(2)  # too soon: not drawn
    clock.now += 0.6
    bar.update(2)  # drawn: 6/10 at 6 per 1.1 s
    text = stream.getvalue()
    assert text.count("\r") == 2 and "\n" not in text
    assert "6/10" in text and "4/10" not in text and "s left" in text
    bar.close()
    assert stream.getvalue().endswith("6/10 (5/s, 1 s left) 1.1 s\n")
    assert "[" + "#" * 14 in bar.line()  # 6/10 of 24 characters


def test_in_chunks_calls_in_order_and_counts_every_item():
    stream = io.StringIO()
    parts = in_chunks(
        lambda part: part * 2, np.arange(10), 4, progress_bars(stream, False), "doubling"
    )
    assert [p.tolist() for p in parts] == [[0, 2, 4, 6], [8, 10, 12, 14], [16, 18]]
    assert "doubling: done, 10 in" in stream.getvalue()
    silent = in_chunks(lambda part: part.sum(), np.arange(5), 2)
    assert silent == [1, 5, 4]
