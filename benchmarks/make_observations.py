"""Write a seeded synthetic observations file: several fictitious companies, both roles, L3-L7.

    python benchmarks/make_observations.py --rows 1000000 --out /tmp/obs.csv [--seed 7]
        [--format csv|parquet]

Every value is made up (the companies carry "(synthetic)" in their name and every row cites the
source id ``synthetic-benchmark``); the file exists to exercise ``wbroles.observations`` at scale.
The same ``--rows`` and ``--seed`` give the same file, byte for byte. The columns are those of
``wbroles.observations``: company, role, level, base, bonus, equity, sign_on, date, location,
source_id. Money is whole dollars a year (sign_on: once); about a quarter of the rows leave
sign_on empty and a few leave equity, date or location empty (not reported, never 0), and
locations such as "New York, NY" need CSV quoting, as real exports do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

SOURCE_ID = "synthetic-benchmark"
# Fictitious companies and how their pay sits against the common level medians.
COMPANIES = {
    "Acme Analytics (synthetic)": 1.00,
    "Globex ML (synthetic)": 1.12,
    "Initech AI (synthetic)": 0.88,
    "Hooli Cloud (synthetic)": 1.25,
    "Umbrella Data (synthetic)": 0.95,
}
ROLES = {"PM": 1.0, "TPM": 0.96}
# Level -> (median base, median equity per year), dollars.
LEVELS = {
    "L3": (125_000, 25_000),
    "L4": (155_000, 45_000),
    "L5": (190_000, 90_000),
    "L6": (230_000, 160_000),
    "L7": (275_000, 260_000),
}
LEVEL_WEIGHTS = [0.15, 0.3, 0.3, 0.18, 0.07]
LOCATIONS = ["San Francisco, CA", "New York, NY", "Seattle, WA", "Remote (US)", "London, UK"]
FIRST_DAY = np.datetime64("2023-01-01")
DAYS = 3 * 365 + 180


def observations(rows: int, *, seed: int = 7) -> pa.Table:
    """``rows`` synthetic observations as an Arrow table (money as int64, nulls = not reported)."""
    if rows < 0:
        raise ValueError(f"rows must be 0 or more, not {rows}")
    rng = np.random.default_rng(seed)
    companies = np.array(list(COMPANIES))
    levels = np.array(list(LEVELS))
    roles = np.array(list(ROLES))
    company = rng.integers(0, len(companies), rows)
    role = rng.integers(0, len(roles), rows)
    level = rng.choice(len(levels), rows, p=LEVEL_WEIGHTS)

    scale = np.array(list(COMPANIES.values()))[company] * np.array(list(ROLES.values()))[role]
    base_median = np.array([b for b, _ in LEVELS.values()])[level]
    equity_median = np.array([e for _, e in LEVELS.values()])[level]
    base = np.round(base_median * scale * rng.lognormal(0, 0.12, rows), -2)
    bonus = np.round(base * rng.choice([0.0, 0.1, 0.15, 0.2], rows, p=[0.2, 0.4, 0.3, 0.1]), -2)
    equity = np.round(equity_median * scale * rng.lognormal(0, 0.45, rows), -2)
    sign_on = np.where(rng.random(rows) < 0.5, 0.0, np.round(rng.lognormal(10, 0.6, rows), -3))
    day = FIRST_DAY + rng.integers(0, DAYS, rows).astype("timedelta64[D]")

    def money(values: np.ndarray, missing_share: float) -> pa.Array:
        return pa.array(values.astype("int64"), mask=rng.random(rows) < missing_share)

    def text(choices: np.ndarray, index: np.ndarray, missing_share: float = 0.0) -> pa.Array:
        missing = rng.random(rows) < missing_share
        return pa.DictionaryArray.from_arrays(
            pa.array(index.astype("int32"), mask=missing), pa.array(choices)
        ).cast(pa.string())

    return pa.table(
        {
            "company": text(companies, company),
            "role": text(roles, role),
            "level": text(levels, level),
            "base": money(base, 0.0),
            "bonus": money(bonus, 0.02),
            "equity": money(equity, 0.03),
            "sign_on": money(sign_on, 0.25),
            "date": text(
                np.datetime_as_string(np.arange(FIRST_DAY, FIRST_DAY + np.timedelta64(DAYS, "D"))),
                (day - FIRST_DAY).astype("int64"),
                0.1,
            ),
            "location": text(
                np.array(LOCATIONS), rng.integers(0, len(LOCATIONS), rows), missing_share=0.15
            ),
            "source_id": pa.array(np.full(rows, SOURCE_ID)),
        }
    )


def write(table: pa.Table, out: Path, *, fmt: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        # Quote only the values that need it ("New York, NY"), as spreadsheets and pandas do
        # (Arrow's writer quotes every text value); an empty cell is a value not reported.
        frame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
        frame.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "parquet":
        pq.write_table(table, out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose csv or parquet")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="number of observations")
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--format",
        choices=["csv", "parquet"],
        default=None,
        help="default: from the --out suffix (.parquet, else csv)",
    )
    args = parser.parse_args(argv)
    if args.rows < 0:
        parser.error(f"--rows must be 0 or more, not {args.rows}")
    fmt = args.format or ("parquet" if args.out.suffix in (".parquet", ".pq") else "csv")
    write(observations(args.rows, seed=args.seed), args.out, fmt=fmt)
    print(f"wrote {args.rows:,} rows to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
