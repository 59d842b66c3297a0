#!/usr/bin/env python3
# usage: bench/compare-clinical.py --before B.json [B2.json …] --after A.json [A2.json …]   (Python 3 only)
# Two builds of `osteoml bench clinical` on the same tables and split seeds (run one table at a time, the builds
# alternating, so that machine load falls on both alike): every split side by side, the per-table means and the
# paired comparison of after − before (mean, sd, paired t), as Markdown on stdout.
import argparse
import json
import sys
from statistics import mean, stdev


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)  # bad input, as for the osteoml CLI


class Parser(argparse.ArgumentParser):
    def error(self, message):
        fail(f"{self.prog}: {message}")


FIELDS = ("table", "split", "osteo_ml", "logistic", "light_gbm", "trials", "clinical_model")


def read_scores(paths):
    scores = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as file:
                rows = json.load(file)["summary"]["scores"]
        except OSError as error:
            fail(f"{path}: cannot read it ({error.strerror})")
        except (ValueError, KeyError, TypeError):
            fail(f"{path}: not the JSON `osteoml bench clinical --out` writes (summary.scores missing)")
        for number, row in enumerate(rows, 1):
            missing = [name for name in FIELDS if not isinstance(row, dict) or name not in row]
            if missing:
                fail(f"{path}: summary.scores row {number} has no {', '.join(missing)}")
            scores[(row["table"], row["split"])] = row
    return scores


def signed(value, digits):
    """+x.xxx, and +0.000 rather than -0.000 for a difference that rounds to zero."""
    text = f"{value:+.{digits}f}"
    return "+" + text[1:] if float(text) == 0 else text


def short(model, width=42):
    return model if len(model) <= width else model[: width - 1] + "…"


def main():
    parser = Parser(
        prog="bench/compare-clinical.py",
        allow_abbrev=False,  # a mistyped option is an error, not a prefix match
        description="Two builds' `osteoml bench clinical --out` files on the same splits, compared split by split.",
    )
    parser.add_argument("--before", nargs="+", required=True, metavar="JSON", help="the first build's result files")
    parser.add_argument("--after", nargs="+", required=True, metavar="JSON", help="the second build's result files")
    arguments = parser.parse_args()  # exits 2, through Parser.error, on a missing or unknown option
    before, after = read_scores(arguments.before), read_scores(arguments.after)
    if set(before) != set(after):
        missing = sorted(set(before) ^ set(after))
        fail(f"the two builds cover different (table, split) pairs, e.g. {missing[0]}")
    keys = list(after)  # the order the after files list them in
    print("| table | split | before | after | after − before | logistic | LightGbm | trials (before / after) "
          "| before's branch | after's branch |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for key in keys:
        b, a = before[key], after[key]
        print(f"| {key[0]} | {key[1]} | {b['osteo_ml']:.3f} | {a['osteo_ml']:.3f} | "
              f"{signed(a['osteo_ml'] - b['osteo_ml'], 3)} | {a['logistic']:.3f} | {a['light_gbm']:.3f} | "
              f"{b['trials']} / {a['trials']} | {short(b['clinical_model'])} | {short(a['clinical_model'])} |")
    print()
    print("| table | splits | before | after | after − before | logistic | LightGbm | after − logistic |")
    print("|---|---|---|---|---|---|---|---|")
    for table in dict.fromkeys(key[0] for key in keys):
        rows = [k for k in keys if k[0] == table]
        mb, ma = (mean(s[k]["osteo_ml"] for k in rows) for s in (before, after))
        ml, mg = (mean(after[k][name] for k in rows) for name in ("logistic", "light_gbm"))
        print(f"| {table} | {len(rows)} | {mb:.3f} | {ma:.3f} | {signed(ma - mb, 4)} | {ml:.3f} | {mg:.3f} | "
              f"{signed(ma - ml, 4)} |")
    differences = [after[k]["osteo_ml"] - before[k]["osteo_ml"] for k in keys]
    print()
    print(f"{len(keys)} splits: mean before {mean(before[k]['osteo_ml'] for k in keys):.4f}, "
          f"after {mean(after[k]['osteo_ml'] for k in keys):.4f}, "
          f"logistic {mean(after[k]['logistic'] for k in keys):.4f}, "
          f"LightGbm {mean(after[k]['light_gbm'] for k in keys):.4f}")
    spread = stdev(differences) if len(differences) > 1 else 0.0
    t = mean(differences) / (spread / len(differences) ** 0.5) if spread > 0 else 0.0
    up, down = sum(d > 0 for d in differences), sum(d < 0 for d in differences)
    print(f"after − before mean {signed(mean(differences), 4)} (sd {spread:.4f}, paired t {t:.2f}, "
          f"{len(differences) - 1} df); changed splits {up + down}: up {up}, down {down}")


main()
