"""Benchmark of the text classifier: cross-validated quality on the labelled dev set and throughput.

Run: ``.venv/bin/python benchmarks/bench_textclass.py [--n 100000]``. Prints the accuracy and macro-F1 of
nested stratified 5-fold cross-validation on ``../shared/data/review-comments/labelled-dev.csv`` (the
whole fitting pipeline, the choice of its settings included, inside each fold, repeated over 5 shuffles;
never in-sample), the majority-class baseline, per-class F1 and the confusion matrix of the first repeat,
then the time to classify N comments built by repeating the dev texts with a varying suffix so that
every text differs.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from metrics.textclass import classify_texts
from metrics.textclass.crossval import cross_validate
from metrics.textclass.evaluate import DEV_SET, load_labelled

FALLBACK_TEXTS = [
    "This will crash when the port is None.",
    "nit: typo in the docstring",
    "Could we use a dict here instead? Something like a mapping from type to handler.",
    "Why do we need this?",
    "LGTM, thanks!",
    "Update: blocked on the infra team, ETA Friday.",
]


def quality() -> list[str]:
    """Print the dev-set figures; returns the dev texts (or a fallback when the set is absent)."""
    if not DEV_SET.exists():
        print(f"dev set not found at {DEV_SET}: quality figures skipped")
        return FALLBACK_TEXTS
    frame = load_labelled()
    checked = cross_validate(frame)
    majority = frame["label"].value_counts(normalize=True).iloc[0]
    print(f"dev set {DEV_SET.name}: {checked.summary()} (majority-class accuracy {majority:.3f})")
    first = checked.repeats[0]
    print(
        "per-class F1 (mean of the repeats): "
        + ", ".join(f"{k}={v:.3f}" for k, v in checked.per_class_f1().items())
    )
    print("confusion, first repeat (rows gold, columns predicted; 'other' counts as an error):")
    print(first.confusion.to_string())
    return frame["text"].tolist()


def throughput(texts: list[str], n: int) -> None:
    """Print seconds and comments/s for classifying ``n`` distinct comments in one call."""
    base = pd.Series(texts * (n // len(texts) + 1), dtype="str").iloc[:n].reset_index(drop=True)
    series = base + " (#" + pd.Series(range(n)).astype("str") + ")"
    started = time.perf_counter()
    result = classify_texts(series)
    elapsed = time.perf_counter() - started
    print(f"throughput: {n:,} comments in {elapsed:.2f} s = {n / elapsed:,.0f} comments/s")
    print("labels: " + ", ".join(f"{k}={v}" for k, v in result["label"].value_counts().items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="comments for the throughput run")
    args = parser.parse_args()
    throughput(quality(), args.n)


if __name__ == "__main__":
    main()
