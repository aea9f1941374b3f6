"""Benchmark the flowcheck hook (`make bench`). Not a test: it measures and prints.

1. The real site, built with and without the hook, several runs each, interleaved, each in a fresh
   process: the build CPU time with the hook over the build right after it without (goal <= 1.15),
   the median of those paired ratios; the ratio of the two medians is printed too.
2. Synthetic sites of 500 and 2,000 pages, one chart of ten nodes each with links across pages:
   the time spent inside the hook's own events (goal <= 2 s at 2,000 pages), and the log-log
   slope of that time from 500 to 2,000 pages (goal <= 1.2, i.e. linear).
3. Cold rendering: the real site built with an empty chart cache, so Mermaid draws every chart in
   headless Chromium (browser start included): the wall time inside the hook (goal <= 8 s).

1 and 2 are warm: every chart is already in the cache (.cache/flowcheck, kept between runs; the
first run of a new checkout fills it, which takes a few minutes for the 2,500 synthetic charts).

The last line reads:
    overhead_ratio=R synthetic_pages=2000 hook_seconds=S scaling_exponent=E cold_render_seconds=C charts=N

`--instructions` also builds the real site once with and once without the hook under valgrind's
callgrind and prints the ratio of instructions executed: the same work always counts the same, so
this ratio does not move with the machine's load (about 4 minutes more).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
ROOT = Path(__file__).resolve().parent.parent
FLOWCHECK_HOOK = "hooks/flowcheck_hook.py"

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def timed_build(config_file: Path, site_dir: Path, hooks: list[str] | None = None,
                cache_dir: Path | None = None) -> tuple[float, float, float, float, int]:
    """Build once in a fresh Python process; return (build CPU seconds, build wall seconds,
    CPU seconds inside flowcheck's events, wall seconds inside them, charts drawn by the browser).
    ``cache_dir`` replaces the chart cache (an empty folder: a cold build).

    A fresh process each time: builds in one long-lived process slow down run after run (the heap
    grows). CPU time rather than wall time: on these shared 2-core machines the wall time of the
    same build varies by a quarter from run to run, which would drown the hook's cost.
    """
    command = [sys.executable, __file__, "--child", str(config_file), str(site_dir), json.dumps(hooks),
               str(cache_dir or "")]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return tuple(json.loads(result.stdout.strip().splitlines()[-1]))


def _child_build(config_file: Path, site_dir: Path, hooks: list[str] | None,
                 cache_dir: str) -> tuple[float, float, float, float, int]:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    start, start_cpu = time.perf_counter(), time.process_time()
    overrides = {} if hooks is None else {"hooks": hooks}
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True, **overrides)
    if cache_dir:
        config.extra.setdefault("flowcheck", {})["cache_dir"] = cache_dir
    cpu, wall = [0.0], [0.0]
    for handlers in config.plugins.events.values():
        for i, handler in enumerate(handlers):
            if getattr(handler, "__module__", "").endswith("flowcheck_hook.py"):
                handlers[i] = _timing(handler, cpu, wall)
    build(config)
    drawn = sum(r.rendered for r in sys.modules["flowcheck.mermaid"]._RENDERERS.values()) if hooks is None else 0
    return time.process_time() - start_cpu, time.perf_counter() - start, cpu[0], wall[0], drawn


def _timing(handler, cpu: list[float], wall: list[float]):
    def timed(*args, **kwargs):
        start, start_wall = time.process_time(), time.perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            cpu[0] += time.process_time() - start
            wall[0] += time.perf_counter() - start_wall

    return timed


def real_site_ratio(runs: int, out: Path) -> tuple[float, float, float, float]:
    without = _hooks_without_flowcheck()
    with_runs, without_runs = [], []
    timed_build(ROOT / "mkdocs.yml", out / "warmup")  # disk caches
    for _ in range(runs):
        with_runs.append(timed_build(ROOT / "mkdocs.yml", out / "with"))
        without_runs.append(timed_build(ROOT / "mkdocs.yml", out / "without", hooks=without))
    with_cpu, without_cpu = (statistics.median(r[0] for r in runs_) for runs_ in (with_runs, without_runs))
    # The machine's speed drifts over tens of seconds; each with-build and the without-build right
    # after it see the same speed, so the median of those pairs' ratios is what drift cannot move.
    paired = statistics.median(w[0] / o[0] for w, o in zip(with_runs, without_runs, strict=True))
    return paired, with_cpu, without_cpu, with_cpu / without_cpu


def instruction_ratio(out: Path) -> tuple[float, int, int]:
    """Instructions of one real-site build with the hook over one without (callgrind)."""
    counts = []
    for hooks in (None, _hooks_without_flowcheck()):
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
                   "--child", str(ROOT / "mkdocs.yml"), str(out / "callgrind"), json.dumps(hooks), ""]
        result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        counts.append(int(re.search(r"Collected : (\d+)", result.stderr).group(1)))
    return counts[0] / counts[1], counts[0], counts[1]


def _hooks_without_flowcheck() -> list[str]:
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    hooks = [str(Path(h).relative_to(ROOT)) if Path(h).is_absolute() else h for h in config["hooks"]]
    return [h for h in hooks if not h.endswith("flowcheck_hook.py")]


def synthetic_site(folder: Path, pages: int, cache_dir: Path | None = None) -> Path:
    """``pages`` troubleshooting pages, each with one ten-node chart linking across the site."""
    docs = folder / "docs" / "troubleshooting"
    docs.mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(
        "# 合成サイト\n\n```mermaid\nflowchart LR\n    accTitle: 開始\n    accDescr: 最初のページへ\n"
        '    A{"どこから？"} -->|最初| B["最初のページ"]\n    A -->|最後| C["最後のページ"]\n'
        f'    click B "troubleshooting/p0000.md"\n    click C "troubleshooting/p{pages - 1:04d}.md#fix"\n```\n',
        encoding="utf-8",
    )
    for i in range(pages):
        # the far link goes to a later page's chart (the conversation never comes back: rule loop);
        # the last page's goes to its own fix
        far = f"p{i + 1 + (i * 7 + 3) % (pages - i - 1):04d}.md" if i < pages - 1 else f"p{i:04d}.md#fix"
        nxt, back = (i + 1) % pages, (i * 13 + 5) % pages
        chart = "\n".join([
            "flowchart TD",
            f"    accTitle: 症状 {i}",
            f"    accDescr: ページ {i} の診断",
            f'    Q{{"症状 {i} は何ですか？"}}',
            '    Q -->|表示される| E1["エラーが表示される"]',
            '    Q -->|届かない| E2{"メールは届きましたか？"}',
            '    Q -->|忘れた| E3["パスワードを忘れた"]',
            '    E2 -->|はい| F1["リンクを開く"]',
            '    E2 -->|いいえ| F2["迷惑メールを見る"]',
            '    E1 --> G1["次のページ"]',
            '    E3 --> G2["遠くのページ"]',
            '    F2 --> G3["前のほうのページ"]',
            '    click F1 "#fix"',
            f'    click G1 "p{nxt:04d}.md#fix"',
            f'    click G2 "{far}"',
            f'    click G3 "p{back:04d}.md#fix"',
        ])
        (docs / f"p{i:04d}.md").write_text(
            f"# ページ {i}\n\n```mermaid\n{chart}\n```\n\n## 直し方 {{ #fix }}\n\n本文 {i}。\n", encoding="utf-8"
        )
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: synthetic\ntheme: {name: mkdocs}\n"
        "markdown_extensions:\n  - attr_list\n  - pymdownx.details\n  - pymdownx.superfences:\n"
        "      custom_fences:\n        - name: mermaid\n          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
        f"hooks: ['{ROOT / FLOWCHECK_HOOK}']\n"
        f"extra:\n  flowcheck:\n    mermaid: '{ROOT / 'node_modules' / 'mermaid'}'\n"
        f"    cache_dir: '{cache_dir or ROOT / '.cache' / 'flowcheck'}'\n"
        # the synthetic chart is wider than a desktop column; the rule still runs, it just stays quiet
        "    rules: {readability: ignore}\n",
        encoding="utf-8",
    )
    return config


def hook_seconds(pages: int, runs: int, out: Path) -> float:
    """The hook's CPU time on a warm build (a first build fills the chart cache)."""
    config = synthetic_site(out / f"synthetic-{pages}", pages)
    timed_build(config, out / f"synthetic-{pages}" / "site")
    return min(timed_build(config, out / f"synthetic-{pages}" / "site")[2] for _ in range(runs))


def cold_render(out: Path) -> tuple[float, int]:
    """Wall seconds inside the hook when the real site is built with an empty chart cache."""
    empty = out / "empty-cache"
    empty.mkdir()
    result = timed_build(ROOT / "mkdocs.yml", out / "cold", cache_dir=empty)
    return result[3], result[4]


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        config_file, site_dir, hooks = sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
        print(json.dumps(_child_build(Path(config_file), Path(site_dir), hooks, sys.argv[5])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="real-site builds of each kind (default 11)")
    parser.add_argument("--synthetic-runs", type=int, default=3,
                        help="warm builds of each synthetic site, the fastest counted (default 3)")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with callgrind")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="flowcheck-bench-") as tmp:
        out = Path(tmp)
        cold_seconds, charts = cold_render(out)
        print(f"real site, empty chart cache: {charts} charts drawn, {cold_seconds:.3f} s inside the hook (wall)")
        ratio, with_median, without_median, wall_ratio = real_site_ratio(args.runs, out)
        print(f"real site: median build CPU time {with_median:.3f} s with flowcheck, {without_median:.3f} s without "
              f"({args.runs} fresh processes each, interleaved); ratio of medians {wall_ratio:.3f}, "
              f"median of paired ratios {ratio:.3f}")
        if args.instructions:
            counted, with_count, without_count = instruction_ratio(out)
            print(f"real site: {with_count:,} instructions with flowcheck, {without_count:,} without: "
                  f"ratio {counted:.3f} (callgrind)")
        small, large = hook_seconds(500, args.synthetic_runs, out), hook_seconds(2000, args.synthetic_runs, out)
        print(f"synthetic: flowcheck's own CPU time {small:.3f} s at 500 pages, {large:.3f} s at 2000 pages")
    exponent = math.log(large / small) / math.log(2000 / 500)
    print(f"overhead_ratio={ratio:.3f} synthetic_pages=2000 hook_seconds={large:.3f} scaling_exponent={exponent:.2f} "
          f"cold_render_seconds={cold_seconds:.3f} charts={charts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
