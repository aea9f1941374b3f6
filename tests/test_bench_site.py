"""The benchmark's synthetic site is a valid site: the hook measures real work, not errors."""

from __future__ import annotations

import importlib.util
import json

from sitebuild import ROOT, build_site


def test_synthetic_site_builds_clean_and_everything_is_reachable(tmp_path) -> None:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    config = bench.synthetic_site(tmp_path / "synthetic", 30, cache_dir=tmp_path / "cache")
    assert build_site(config, site_dir=str(tmp_path / "site")) == []
    report = json.loads((tmp_path / "site" / "flowcheck.json").read_text(encoding="utf-8"))
    assert len(report["charts"]) == 31
    assert all(page["reachable"] for page in report["pages"].values())
    assert sum(1 for c in report["charts"] for n in c["nodes"] if n["click"]) == 2 + 30 * 4
