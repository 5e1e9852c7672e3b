"""Extraction at corpus scale: streamed inputs (`sources`), an ordered, resumable output (`output`) and
the ways to run an extractor over them (`runners`); `perf` benchmarks them side by side."""

from bench.extraction.output import ResumableOutput
from bench.extraction.runners import ExtractorSpec, Runner
from bench.extraction.sources import Source, open_source

__all__ = ["ExtractorSpec", "ResumableOutput", "Runner", "Source", "open_source"]
