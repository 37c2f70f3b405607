"""`kerasgan report`: one self-contained HTML page about one or several run folders.

Every image is embedded (base64 data URIs) and the page loads nothing from the network, so the
file can be mailed or archived alone. For each run: its configuration, the training GIF, the
last sample grid, the loss curves, the latest metrics with their protocol, and the
nearest-neighbour grids when an evaluation wrote them. With several runs, a comparison table
(variant, data, epochs, wall time, each metric) sorts by any column when its header is clicked,
and the last grids stand side by side.

Nothing here imports Keras: a report is made from the files a run wrote.
"""

import base64
import csv
import html
import json
from pathlib import Path

from kerasgan.errors import ConfigError
from kerasgan.runs.atomic import write_text
from kerasgan.runs.folder import CONFIG

METRIC_COLUMNS = (
    ("fid", "FD"),
    ("kid_mean", "KID"),
    ("precision", "precision"),
    ("recall", "recall"),
    ("density", "density"),
    ("coverage", "coverage"),
    ("is_mean", "IS"),
    ("label_accuracy", "label acc."),
)
"""Metrics shown in the comparison table, by their key in metrics.json."""

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1200px; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: right; }
th { background: #f3f3f3; cursor: pointer; user-select: none; }
th.sorted-asc::after { content: " \\25B2"; } th.sorted-desc::after { content: " \\25BC"; }
td.text, th.text { text-align: left; }
.images { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
figure { margin: 0; } figcaption { font-size: .85em; color: #555; }
img { image-rendering: pixelated; max-width: 480px; }
pre { background: #f7f7f7; padding: .6em; overflow-x: auto; font-size: .85em; }
"""

SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (header, column) {
    header.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var ascending = !header.classList.contains("sorted-asc");
      table.querySelectorAll("th").forEach(function (h) {
        h.classList.remove("sorted-asc", "sorted-desc");
      });
      header.classList.add(ascending ? "sorted-asc" : "sorted-desc");
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.value, y = b.cells[column].dataset.value;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y));
        if (x === "") { order = 1; } else if (y === "") { order = -1; }
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


def run_folders(paths):
    """The run folders named by `paths`: runs themselves, or folders holding runs.

    Args:
        paths: run folders and/or folders of run folders (e.g. `runs/`).

    Raises:
        ConfigError: a path that is neither, or no run found.
    """
    found = []
    for path in map(Path, paths):
        if (path / CONFIG).is_file():
            found.append(path)
        elif path.is_dir():
            inner = sorted(p for p in path.iterdir() if (p / CONFIG).is_file())
            if not inner:
                raise ConfigError(f"{path} is neither a run folder nor a folder of run folders.")
            found.extend(inner)
        else:
            raise ConfigError(f"{path} does not exist: give run folders or a folder of runs.")
    return found


def data_uri(path):
    """The file as a `data:` URI (PNG or GIF), so the page needs no other file."""
    kind = "image/gif" if Path(path).suffix.lower() == ".gif" else "image/png"
    encoded = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f"data:{kind};base64,{encoded}"


def run_facts(run):
    """What the report shows of one run, read from its files.

    Args:
        run: a run folder.

    Returns:
        A dict: name, config, variant, data, epochs, seconds (training time from
        `timing.json`, None when missing), metrics, protocol, images.
    """
    run = Path(run)
    config = json.loads((run / CONFIG).read_text(encoding="utf-8"))
    epochs = 0
    history = run / "history.csv"
    if history.is_file():
        with open(history, newline="", encoding="utf-8") as stream:
            epochs = max((int(row["epoch"]) for row in csv.DictReader(stream)), default=0)
    metrics, protocol = {}, {}
    if (run / "metrics.json").is_file():
        latest = json.loads((run / "metrics.json").read_text(encoding="utf-8")).get("latest")
        metrics, protocol = (latest or {}).get("metrics", {}), (latest or {}).get("protocol", {})
    grids = sorted(  # by epoch number, without importing kerasgan.callbacks (and Keras)
        (run / "samples").glob("epoch_*.png"), key=lambda p: (len(p.stem), p.stem)
    )
    images = {
        "training GIF": run / "training.gif",
        "last sample grid": grids[-1] if grids else None,
        "loss curves": run / "losses.png",
        "nearest training images (pixels)": run / "nearest" / "nearest_pixels.png",
        "nearest training images (features)": run / "nearest" / "nearest_features.png",
    }
    try:
        seconds = float(json.loads((run / "timing.json").read_text(encoding="utf-8"))["seconds"])
    except (OSError, ValueError, KeyError, TypeError):
        seconds = None  # runs from before timing.json
    return {
        "name": run.name,
        "path": str(run),
        "config": config,
        "variant": config.get("variant", "?"),
        "data": (config.get("settings") or {}).get("data") or "?",
        "epochs": epochs,
        "seconds": seconds,
        "metrics": metrics,
        "protocol": protocol,
        "images": {k: v for k, v in images.items() if v is not None and Path(v).is_file()},
    }


def _cell(value, text=False):
    shown = "" if value is None else value
    if isinstance(value, float):
        shown = f"{value:.4g}"
    kind = ' class="text"' if text else ""
    return f'<td{kind} data-value="{html.escape(str("" if value is None else value))}">' + (
        f"{html.escape(str(shown))}</td>"
    )


def comparison_table(facts):
    """The sortable table of several runs: variant, data, epochs, time, metrics."""
    shown = [
        (key, label) for key, label in METRIC_COLUMNS if any(key in f["metrics"] for f in facts)
    ]
    heads = ["run", "variant", "data", "epochs", "minutes", *(label for _, label in shown)]
    header = "".join(
        f'<th class="text">{h}</th>' if i < 3 else f"<th>{h}</th>" for i, h in enumerate(heads)
    )
    rows = []
    for f in facts:
        cells = [
            _cell(f["name"], True),
            _cell(f["variant"], True),
            _cell(f["data"], True),
            _cell(f["epochs"]),
            _cell(None if f["seconds"] is None else round(f["seconds"] / 60, 2)),
            *(_cell(f["metrics"].get(key)) for key, _ in shown),
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table class="sortable" id="comparison"><thead><tr>'
        + header
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _figure(caption, path):
    return (
        f'<figure><img src="{data_uri(path)}" alt="{html.escape(caption)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def run_section(f):
    """One run's section: images, metrics with protocol, configuration."""
    parts = [f'<h2 id="{html.escape(f["name"])}">{html.escape(f["name"])}</h2>']
    parts.append(
        f"<p>{html.escape(f['variant'])} on {html.escape(str(f['data']))}, {f['epochs']} epochs "
        f"({html.escape(f['path'])})</p>"
    )
    figures = "".join(_figure(caption, path) for caption, path in f["images"].items())
    parts.append(f'<div class="images">{figures}</div>')
    if f["metrics"]:
        rows = "".join(
            f'<tr><td class="text">{html.escape(k)}</td>{_cell(v)}</tr>'
            for k, v in f["metrics"].items()
        )
        parts.append(f"<h3>Metrics</h3><table><tbody>{rows}</tbody></table>")
        protocol = html.escape(json.dumps(f["protocol"], indent=1))
        parts.append(f"<details><summary>protocol</summary><pre>{protocol}</pre></details>")
    config = html.escape(json.dumps(f["config"], indent=1))
    parts.append(f"<details><summary>config.json</summary><pre>{config}</pre></details>")
    return "\n".join(parts)


def build_report(paths, title="kerasgan report"):
    """The HTML page (a string) about the runs in `paths` (see `run_folders`)."""
    facts = [run_facts(run) for run in run_folders(paths)]
    names = [f["name"] for f in facts]
    for f in facts:  # runs of different folders may share a name: add the parent
        if names.count(f["name"]) > 1:
            f["name"] = f"{Path(f['path']).parent.name}/{f['name']}"
    body = [f"<h1>{html.escape(title)}</h1>"]
    if len(facts) > 1:
        body.append("<h2>Comparison</h2><p>Click a column's header to sort by it.</p>")
        body.append(comparison_table(facts))
        grids = "".join(
            _figure(f["name"], f["images"]["last sample grid"])
            for f in facts
            if "last sample grid" in f["images"]
        )
        body.append(f'<h2>Last grids</h2><div class="images">{grids}</div>')
    body.extend(run_section(f) for f in facts)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}<script>{SCRIPT}</script></body></html>\n"
    )


def write_report(paths, out):
    """Writes the report of `paths` to `out` atomically; returns the number of runs."""
    page = build_report(paths)
    write_text(out, page)
    return page.count('<h2 id="')
