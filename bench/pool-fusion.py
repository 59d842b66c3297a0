#!/usr/bin/env python3
# usage: bench/pool-fusion.py TABLE.md [MIN_ROOM]   (the Markdown table bench/image-fusion.sh prints; Python 3 only)
# One test over independent cohorts of "fused above image-only": each cohort's paired DeLong p (two-sided) becomes a
# signed z (the sign of fused − image), and Stouffer's method pools them, z = Σ z_i / √k. Done over the cohorts whose
# Bayes ceiling leaves room for fusion on their test rows (both − film ≥ MIN_ROOM, default 0.01), then over all.
# One 356-patient test split cannot show a gain of ≈ 0.01 AUC reliably (bench/ceiling-power.py); pooled, it can.
import sys
from statistics import NormalDist

def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)  # bad input, as for the osteoml CLI

if len(sys.argv) not in (2, 3):
    fail("usage: bench/pool-fusion.py TABLE.md [MIN_ROOM]  (TABLE.md: the table bench/image-fusion.sh prints)")
table, min_room = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
try:
    lines = open(table, encoding="utf-8").read().splitlines()
except OSError as error:
    fail(f"{table}: cannot read it ({error.strerror})")
normal = NormalDist()
rows = []
for line in lines:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 12 or not cells[0].split()[0].isdigit():
        continue
    fused, image = float(cells[1].split()[0]), float(cells[2].split()[0])
    p = max(float(cells[10]), 1e-300)
    film, _, both = (float(x) for x in cells[11].split("/"))
    z = (1 if fused >= image else -1) * normal.inv_cdf(1 - p / 2) if p < 1 else 0.0
    rows.append((cells[0].split()[0], fused - image, p, both - film, z))

if not rows:
    fail(f"{table}: no cohort row of bench/image-fusion.sh's table (| seed | fused | image | … |) found")

def pooled(name, chosen):
    if not chosen:
        print(f"{name}: no cohort")
        return
    z = sum(r[4] for r in chosen) / len(chosen) ** 0.5
    p = 2 * (1 - normal.cdf(abs(z)))
    seeds = " ".join(r[0] for r in chosen)
    print(f"{name} ({len(chosen)} cohorts: {seeds}): Stouffer z = {z:.2f}, two-sided p = {p:.2g}")

for seed, gain, p, room, z in rows:
    print(f"{seed}: fused − image {gain:+.3f}, p = {p:.3g}, z = {z:+.2f}, ceiling both − film {room:+.3f}")
pooled(f"room ≥ {min_room}", [r for r in rows if r[3] >= min_room - 1e-9])
pooled("all cohorts", rows)
