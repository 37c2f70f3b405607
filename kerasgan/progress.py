"""Progress of long loops (generating, extracting features) on a terminal or in a log.

On a terminal a bar is redrawn in place (`\\r`) at most a few times a second; in a log file or
CI (not a terminal) a phase gets one line when it starts and one when it ends, with no carriage
returns. Library functions take `progress=None` (silent) or a factory like `progress_bars()`.

Example:
    >>> bars = progress_bars()
    >>> bar = bars("features of generated images", 10000)
    >>> for start in range(0, 10000, 500):
    ...     bar.update(500)
    >>> bar.close()
"""

import sys
import time

BAR_WIDTH = 24


class Progress:
    """A progress bar over `total` items written to `stream`.

    Args:
        label: what is being counted, e.g. "features of 10000 generated images".
        total: the number of items.
        stream: a text stream (default `sys.stderr`).
        interactive: redraw in place; None asks `stream.isatty()`.
        min_interval: seconds between redraws on a terminal.
        clock: a `time.monotonic`-like function (tests use a fake one).
    """

    def __init__(
        self, label, total, stream=None, interactive=None, min_interval=0.2, clock=time.monotonic
    ):
        self.label = str(label)
        self.total = max(int(total), 0)
        self.stream = stream if stream is not None else sys.stderr
        if interactive is None:
            interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interactive = interactive
        self.min_interval = min_interval
        self.clock = clock
        self.done = 0
        self.start = clock()
        self._drawn = None
        self._closed = False
        if not interactive:
            self._write(f"{self.label}: {self.total} ...\n")

    def update(self, count):
        """Counts `count` more items done (redraws on a terminal when due)."""
        self.done = min(self.done + int(count), self.total)
        now = self.clock()
        if self.interactive and (self._drawn is None or now - self._drawn >= self.min_interval):
            self._drawn = now
            self._write("\r" + self.line(now))

    def line(self, now=None):
        """The bar as text: label, bar, count, rate and time left."""
        now = self.clock() if now is None else now
        elapsed = max(now - self.start, 1e-9)
        share = self.done / self.total if self.total else 1.0
        filled = int(round(share * BAR_WIDTH))
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        eta = f", {left:.0f} s left" if self.done < self.total and rate > 0 else ""
        return (
            f"{self.label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
            f"{self.done}/{self.total} ({rate:.0f}/s{eta})"
        )

    def close(self):
        """Ends the bar: the final line on a terminal, a 'done' line in a log."""
        if self._closed:
            return
        self._closed = True
        elapsed = self.clock() - self.start
        if self.interactive:
            self._write("\r" + self.line() + f" {elapsed:.1f} s\n")
        else:
            self._write(f"{self.label}: done, {self.done} in {elapsed:.1f} s\n")

    def _write(self, text):
        self.stream.write(text)
        self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def progress_bars(stream=None, interactive=None):
    """A factory `fn(label, total) -> Progress` writing to `stream` (default stderr).

    Args:
        stream: the text stream.
        interactive: force in-place redraws on or off; None asks the stream.
    """

    def make(label, total):
        return Progress(label, total, stream=stream, interactive=interactive)

    return make


def in_chunks(fn, items, chunk, progress=None, label=""):
    """`fn` applied to consecutive chunks of `items`, outputs concatenated, progress counted.

    Args:
        fn: `fn(chunk_of_items) -> array` with one row per item.
        items: an indexable sequence or array.
        chunk: items per call.
        progress: a factory from `progress_bars`, or None for silence.
        label: the progress label.

    Returns:
        The list of `fn`'s outputs, one per chunk.
    """
    bar = progress(label, len(items)) if progress is not None else None
    outputs = []
    try:
        for start in range(0, len(items), chunk):
            part = items[start : start + chunk]
            outputs.append(fn(part))
            if bar is not None:
                bar.update(len(part))
    finally:
        if bar is not None:
            bar.close()
    return outputs
