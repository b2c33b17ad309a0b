"""Synthetic data packages shaped like the bundled one, K times larger, for benchmarks.

:func:`synthesize` copies every evidence row, study, citation, study theme and gap
K times (copy 0 keeps the original ids), grows the factors by √K and the
influences by K^0.75, and spreads the copies over up to 60 countries with a
skew like a real review's (a few countries hold most of the evidence). Each
copied evidence row keeps its polarity, perspective, quote and the number of
factors, influences, cited studies and countries it names; only which ones it
names is redrawn, consistently: an influence's clone joins clones of its two
factors, a row's factors include the endpoints of its influences where the
original's did. The result passes ``pswgraph validate``.

The shape can differ from the bundled proportions: how many themes, how many
sub-themes per theme, how many countries, and how skewed the evidence is over
the clones of a factor (or influence) and over the countries. Left unset, each
keeps the proportions above (and the same seed writes the same bytes as before
these options existed).
"""

from __future__ import annotations

import csv
import json
import math
import random
from collections import defaultdict
from pathlib import Path

from graph.data.load import DEFAULT_DATA_DIR

__all__ = ["COUNTRY_POOL", "synthesize"]

#: Countries a synthetic package may name beyond the bundled ones: (ISO code, name, region, income group).
COUNTRY_POOL = (
    ("NZ", "New Zealand", "Oceania", "high"), ("IE", "Ireland", "Europe", "high"),
    ("DE", "Germany", "Europe", "high"), ("FI", "Finland", "Europe", "high"),
    ("IS", "Iceland", "Europe", "high"), ("BE", "Belgium", "Europe", "high"),
    ("FR", "France", "Europe", "high"), ("AT", "Austria", "Europe", "high"),
    ("ES", "Spain", "Europe", "high"), ("IT", "Italy", "Europe", "high"),
    ("PT", "Portugal", "Europe", "high"), ("IL", "Israel", "Asia", "high"),
    ("SG", "Singapore", "Asia", "high"), ("KR", "Korea, Republic of", "Asia", "high"),
    ("TW", "Taiwan", "Asia", "high"), ("ZA", "South Africa", "Africa", "upper-middle"),
    ("UG", "Uganda", "Africa", "low"), ("GH", "Ghana", "Africa", "lower-middle"),
    ("NG", "Nigeria", "Africa", "lower-middle"), ("ET", "Ethiopia", "Africa", "low"),
    ("IN", "India", "Asia", "lower-middle"), ("PK", "Pakistan", "Asia", "lower-middle"),
    ("NP", "Nepal", "Asia", "lower-middle"), ("BD", "Bangladesh", "Asia", "lower-middle"),
    ("LK", "Sri Lanka", "Asia", "lower-middle"), ("VN", "Viet Nam", "Asia", "lower-middle"),
    ("TH", "Thailand", "Asia", "upper-middle"), ("MY", "Malaysia", "Asia", "upper-middle"),
    ("ID", "Indonesia", "Asia", "upper-middle"), ("PH", "Philippines", "Asia", "lower-middle"),
    ("BR", "Brazil", "Americas", "upper-middle"), ("MX", "Mexico", "Americas", "upper-middle"),
    ("CL", "Chile", "Americas", "high"), ("AR", "Argentina", "Americas", "upper-middle"),
    ("CO", "Colombia", "Americas", "upper-middle"), ("PE", "Peru", "Americas", "upper-middle"),
    ("PL", "Poland", "Europe", "high"), ("CZ", "Czechia", "Europe", "high"),
    ("EE", "Estonia", "Europe", "high"), ("LT", "Lithuania", "Europe", "high"),
    ("RO", "Romania", "Europe", "high"), ("GR", "Greece", "Europe", "high"),
    ("TR", "Türkiye", "Asia", "upper-middle"), ("IR", "Iran", "Asia", "lower-middle"),
    ("MW", "Malawi", "Africa", "low"), ("ZM", "Zambia", "Africa", "lower-middle"),
)
MAX_COUNTRIES = 60
#: The default skew of evidence over countries (the k-th most evidenced country weighs 1 / k ** skew).
COUNTRY_SKEW = 1.1


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _split(value: str) -> list[str]:
    return [x for x in (value or "").split("|") if x]


def _spread(total: int, base: list[str], rng: random.Random) -> dict[str, int]:
    """How many copies of each item in *base* make *total* (at least one each, as even as possible)."""
    each, extra = divmod(max(total, len(base)), len(base))
    counts = dict.fromkeys(base, each)
    for item in rng.sample(base, extra):
        counts[item] += 1
    return counts


def _suffix(id_: str, k: int, tag: str = "k") -> str:
    return id_ if k == 0 else f"{id_}-{tag}{k}"


def synthesize(out_dir: str | Path, scale: int, seed: int = 0, base_dir: str | Path | None = None, *,
               themes: int | None = None, subthemes: float | None = None, countries: int | None = None,
               factor_skew: float = 0.0, country_skew: float = COUNTRY_SKEW) -> dict[str, int]:
    """Write a synthetic package *scale* times the size of the one in *base_dir* to *out_dir*.

    Parameters
    ----------
    out_dir : folder to write (created; existing tables are overwritten).
    scale : K ≥ 1: evidence, studies, citations, study themes and gaps × K;
        factors × √K; influences × K^0.75; up to 60 countries.
    seed : random seed; the same seed writes the same package.
    base_dir : the package to copy (default: the bundled data).
    themes : how many themes (at least the base's; default: the base's × √K).
    subthemes : sub-themes per theme, on average (at least the base's number of
        sub-themes in all; default: the base's sub-themes × √K).
    countries : how many countries (from the base's number up to the base's plus
        :data:`COUNTRY_POOL`; default: the base's × √K, at most 60).
    factor_skew : how unevenly evidence rows spread over the clones of a factor or
        influence: the j-th clone weighs 1 / j ** skew (default 0: evenly).
    country_skew : the same over the countries, most evidenced first (default
        :data:`COUNTRY_SKEW`; 0: evenly).

    Returns
    -------
    dict of table name -> number of rows written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     counts = synthesize(d, 2)
    >>> counts["evidence"] == 2 * len(_read(DEFAULT_DATA_DIR / "evidence.csv")[1])
    True
    >>> with tempfile.TemporaryDirectory() as d:
    ...     counts = synthesize(d, 2, themes=16, subthemes=6, countries=20)
    >>> counts["factors"], counts["countries"]
    (112, 20)
    """
    if scale < 1:
        raise ValueError(f"--scale must be 1 or more, not {scale}")
    if factor_skew < 0 or country_skew < 0:
        raise ValueError("a skew must be 0 or more")
    base = Path(base_dir) if base_dir is not None else DEFAULT_DATA_DIR
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    desc = json.loads((base / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["name"]: r["path"] for r in desc["resources"]}
    header, table = {}, {}
    for name, rel in paths.items():
        header[name], table[name] = _read(base / rel)
    K = scale

    # countries: the bundled ones, then the pool, up to MAX_COUNTRIES, ranked for a Zipf-like skew
    own = [r["id"] for r in table["countries"]]
    freq: dict[str, int] = defaultdict(int)
    for r in table["evidence"]:
        for c in _split(r["countries"]):
            freq[c] += 1
    ranked = sorted(own, key=lambda c: -freq[c])
    pool = [c for c in COUNTRY_POOL if c[0] not in set(own)]
    if countries is None:
        n_countries = min(MAX_COUNTRIES, max(len(own), round(len(own) * math.sqrt(K))))
    elif not len(own) <= countries <= len(own) + len(pool):
        raise ValueError(f"--countries must be from {len(own)} to {len(own) + len(pool)}, not {countries}")
    else:
        n_countries = countries
    extra = pool[: max(0, n_countries - len(own))]
    country_rows = table["countries"] + [dict(zip(header["countries"], c, strict=True)) for c in extra]
    codes = ranked + [c[0] for c in extra]
    weights = [1 / (i + 1) ** country_skew for i in range(len(codes))]

    def country_map(k: int) -> dict[str, str]:
        if k == 0:
            return {c: c for c in own}
        taken: dict[str, str] = {}  # one to one, so a row naming two countries still names two
        for c in own:
            free = [i for i, x in enumerate(codes) if x not in taken.values()]
            keep = c not in taken.values() and rng.random() < 0.4
            taken[c] = c if keep else codes[rng.choices(free, [weights[i] for i in free])[0]]
        return taken

    # factors × √K (or the shape asked for): clones of each factor; a sub-theme clone sits under a clone of its theme
    factors = table["factors"]
    if themes is None and subthemes is None:
        fcount = _spread(round(len(factors) * math.sqrt(K)), [r["id"] for r in factors], rng)
    else:
        top = [r["id"] for r in factors if not r["parent"]]
        subs = [r["id"] for r in factors if r["parent"]]
        n_themes = round(len(top) * math.sqrt(K)) if themes is None else themes
        n_subs = round(len(subs) * math.sqrt(K)) if subthemes is None else round(n_themes * subthemes)
        if n_themes < len(top) or n_subs < len(subs):
            raise ValueError(f"at least {len(top)} themes and {len(subs)} sub-themes in all (the base's), "
                             f"not {n_themes} and {n_subs}")
        fcount = {**_spread(n_themes, top, rng), **(_spread(n_subs, subs, rng) if subs else {})}
    clones = {f: [_suffix(f, j, "x") for j in range(n)] for f, n in fcount.items()}
    new_factors = []
    for j in range(max(fcount.values())):
        for r in factors:
            if j >= fcount[r["id"]]:
                continue
            c = dict(r, id=clones[r["id"]][j])
            if j:
                c["label"] = f"{r['label']} (variant {j})"
                c["aliases"] = "|".join(f"{a} variant {j}" for a in _split(r["aliases"]))
                c["introduced_by"] = _suffix(r["introduced_by"], j % K)
                if r["parent"]:
                    c["parent"] = rng.choice(clones[r["parent"]])
            new_factors.append(c)

    # influences × K^0.75: distinct clone pairs of each influence's two factors
    infl = table["influences"]
    want = _spread(round(len(infl) * K ** 0.75), [r["id"] for r in infl], rng)
    cap = {r["id"]: fcount[r["source"]] * fcount[r["target"]] for r in infl}
    short = sum(max(0, want[i] - cap[i]) for i in want)
    want = {i: min(want[i], cap[i]) for i in want}
    for i in rng.sample(list(want), len(want)):  # hand what did not fit to influences with room
        take = min(short, cap[i] - want[i])
        want[i] += take
        short -= take
    infl_clones: dict[str, list[tuple[str, str]]] = {}
    new_infl = []
    for r in infl:
        s, t = r["source"], r["target"]
        pairs = [(s, t)] + rng.sample([(a, b) for a in clones[s] for b in clones[t] if (a, b) != (s, t)], want[r["id"]] - 1)
        infl_clones[r["id"]] = pairs
        for j, (a, b) in enumerate(pairs):
            new_infl.append(dict(r, id=f"{a}--{b}", source=a, target=b,
                                 study=r["study"] if j == 0 else _suffix(r["study"], rng.randrange(K))))

    def pick(options: list, skew: float = factor_skew):
        """One of *options*: evenly (as before the skew existed: the same draws), or the first ones more often."""
        if not skew:
            return rng.choice(options)
        return rng.choices(options, [1 / (j + 1) ** skew for j in range(len(options))])[0]

    # studies, citations, study themes, evidence, gaps × K
    out_rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for k in range(K):
        cmap = country_map(k)
        for r in table["studies"]:
            out_rows["studies"].append(dict(r, id=_suffix(r["id"], k), label=r["label"] if k == 0 else f"{r['label']} [{k}]",
                                            countries="|".join(dict.fromkeys(cmap[c] for c in _split(r["countries"])))))
        for r in table["citations"]:
            out_rows["citations"].append(dict(r, citing=_suffix(r["citing"], k), cited=_suffix(r["cited"], k)))
        for r in table["study_themes"]:
            out_rows["study_themes"].append(dict(
                r, id=_suffix(r["id"], k), study=_suffix(r["study"], k),
                parent=_suffix(r["parent"], k) if r["parent"] else "",
                factors="|".join(dict.fromkeys(rng.choice(clones[f]) for f in _split(r["factors"])))))
        for r in table["evidence"]:
            chosen, ends = [], {}
            for i in _split(r["influences"]):
                a, b = pick(infl_clones[i])
                chosen.append(f"{a}--{b}")
                s, t = i.split("--")
                ends.setdefault(s, a)
                ends.setdefault(t, b)
            fs = [ends.get(f) or pick(clones[f]) for f in _split(r["factors"])]
            out_rows["evidence"].append(dict(
                r, id=_suffix(r["id"], k), study=_suffix(r["study"], k),
                factors="|".join(dict.fromkeys(fs)), influences="|".join(dict.fromkeys(chosen)),
                cites="|".join(_suffix(c, k) for c in _split(r["cites"])),
                countries="|".join(dict.fromkeys(cmap[c] for c in _split(r["countries"]))),
                study_themes="|".join(_suffix(s, k) for s in _split(r["study_themes"]))))
        for r in table["gaps"]:
            out_rows["gaps"].append(dict(r, id=_suffix(r["id"], k), study=_suffix(r["study"], k),
                                         factors="|".join(dict.fromkeys(rng.choice(clones[f]) for f in _split(r["factors"])))))
    out_rows.update(levels=table["levels"], countries=country_rows, factors=new_factors, influences=new_infl)

    for name, rel in paths.items():
        _write(out / rel, header[name], out_rows[name])
    shape = "".join(f" --{name} {value:g}" for name, value, default in (
        ("themes", themes, None), ("subthemes", subthemes, None), ("countries", countries, None),
        ("factor-skew", factor_skew, 0.0), ("country-skew", country_skew, COUNTRY_SKEW)) if value != default)
    desc = dict(desc, name=f"pswgraph-synth-{K}", title=f"Synthetic package, {K} × the bundled data (seed {seed})",
                description=f"Synthetic benchmark data made by `pswgraph synth --scale {K} --seed {seed}{shape}`: "
                            "copies of the bundled package's rows with factors, influences and countries redrawn. "
                            "Not evidence about anything. " + desc.get("description", ""))
    (out / "datapackage.json").write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return {name: len(rows) for name, rows in out_rows.items()}

