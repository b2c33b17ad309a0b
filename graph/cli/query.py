"""Query sub-commands of ``pswgraph``: paths, upstream, downstream, compare, matrix, search, rank.

Each prints a readable table by default and JSON with ``--json``. Unknown
names raise :class:`graph.query.lookup.NotFound`, which :func:`graph.cli.commands.main` turns
into exit status 2 and a message with suggestions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence

from graph.cli.help import add_command
from graph.data.load import load_graph
from graph.data.vocabulary import POLARITIES
from graph.export.csvsafe import csv_text
from graph.present.report import describe_filters
from graph.query.compare import compare_countries
from graph.query.counts import country_counts, paper_counts
from graph.query.filters import EVIDENCE_FILTERS, Filters, matching_evidence, matching_set
from graph.query.fulltext import search_evidence, snippet
from graph.query.lookup import resolve_country, resolve_factor, search
from graph.query.matrix import evidence_matrix, pivot_matrix
from graph.query.paths import (
    DEFAULT_GRANULARITY,
    DEFAULT_RANKING,
    GRANULARITIES,
    PATH_LIMIT,
    RANKING_BEST,
    RANKING_HELP,
    RANKINGS,
    downstream,
    hop_strength,
    path_search,
    upstream,
)
from graph.query.rank import rank_factors, strongest
from graph.query.strength import STRENGTH_NOTE, factor_strength, strength_flags

__all__ = ["add_query_commands", "format_table"]


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table with a header rule; numbers right-aligned.

    >>> print(format_table(["id", "n"], [["a", 1], ["bb", 22]]))
    id   n
    --  --
    a    1
    bb  22
    """
    cells = [[str(c) for c in headers], *[["" if c is None else str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [all(isinstance(r[i], int | float) for r in rows) and bool(rows) for i in range(len(headers))]

    def line(r: list[str]) -> str:
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(r, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])])


def _print_json(obj: object) -> int:
    print(json.dumps(obj, indent=2, ensure_ascii=False))
    return 0


def _label(G, node: str) -> str:
    return str(G.nodes[node].get("label", node)) if node in G else node


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _named(G, node: str, width: int = 30) -> str:
    """``Label (id)`` for a table cell, the label shortened to *width*."""
    label = _label(G, node)
    return node if label == node else f"{_short(label, width)} ({node})"


def _labels(G, nodes: Iterable[str]) -> dict[str, str]:
    """Id → label for JSON output."""
    return {n: _label(G, n) for n in sorted(set(nodes))}


def _key(G, title: str, nodes: Iterable[str]) -> str:
    """A key line under a table: ``title: id = label, …``."""
    return f"{title}: " + ", ".join(f"{n} = {_label(G, n)}" for n in sorted(set(nodes)))


def _filters(G, args: argparse.Namespace) -> dict:
    """Evidence/factor filters from the common options, names resolved."""
    f: dict = {}
    if getattr(args, "country", None):
        f["countries"] = [resolve_country(G, c) for c in args.country]
    if getattr(args, "study", None):
        f["studies"] = args.study
    if getattr(args, "polarity", None):
        f["polarities"] = args.polarity
    if getattr(args, "level", None):
        f["levels"] = args.level
    if getattr(args, "theme", None):
        f["themes"] = args.theme
    if getattr(args, "min_sources", 0):
        f["min_sources"] = args.min_sources
    if getattr(args, "min_countries", 0):
        f["min_countries"] = args.min_countries
    return f


def _print_filters(G, f: dict) -> None:
    """Head a table with the filters in force (nothing when none is), as the explorer's panels word them."""
    words = describe_filters(G, f)
    if words:
        print(f"filters: {words}")


def _allowed(G, f: dict) -> tuple[frozenset[str] | None, str]:
    """The evidence ids the evidence filters among *f* (:func:`_filters`) let through (``None``: none set), in words."""
    ev = {k: f[k] for k in EVIDENCE_FILTERS if f.get(k)}
    return (matching_set(G, Filters.resolve(G, **ev)), describe_filters(G, ev)) if ev else (None, "")


def _flags(d: dict) -> str:
    """The strength flags of a record for a table cell ('-' for none)."""
    return ", ".join(strength_flags(d)) or "-"


def _in_all(d: dict) -> list[int]:
    """The all-evidence papers of a filtered strength record, as a table cell (none for an unfiltered one)."""
    return [d["all"]["papers"]] if "all" in d else []


def _cmd_paths(args: argparse.Namespace) -> int:
    G = load_graph(args.data)
    source, target = resolve_factor(G, args.source), resolve_factor(G, args.target)
    f = _filters(G, args)
    found = path_search(G, source, target, max_hops=args.max_hops, granularity=args.granularity, limit=args.limit,
                        rank=args.rank, **f)
    paths = found["paths"]
    filtered = any(f.get(k) for k in ("countries", "studies", "polarities"))
    if args.granularity == "theme":
        source, target = G.nodes[source]["theme"], G.nodes[target]["theme"]
    hops = [h for p in paths for h in p["hops"]]
    scope = _allowed(G, f)[1]
    countries = [c for h in hops for c in h["countries"]]
    studies = [st for h in hops for st in h["studies"]]
    if args.json:
        ids = [source, target, *(n for p in paths for n in p["nodes"]), *countries, *studies]
        paths = [{**p, "hops": [{**h, "strength": hop_strength(G, h, filtered)} for h in p["hops"]]}
                 for p in paths]
        return _print_json({"source": source, "target": target, "paths": paths, "total": found["total"],
                            "total_exact": found["exact"], "rank": found["rank"], "ranked_exactly": found["ranked"],
                            "labels": _labels(G, ids), "strength_note": STRENGTH_NOTE})
    total = f"{found['total']:,}" if found["exact"] else f"about {found['total']:,} (estimated)"
    _print_filters(G, f)
    print(f"{len(paths)} of {total} path(s) from {_label(G, source)} to {_label(G, target)} "
          f"(≤ {args.max_hops} hops, {args.granularity} granularity), those with {RANKING_BEST[args.rank]} first"
          + (f"; --limit {len(paths) + found['more']} lists more" if found["more"] and found["exact"] else
             "; --limit N lists more" if found["more"] else ""))
    print(f"ranked by {RANKING_HELP[args.rank]} (--rank {args.rank})"
          + ("; a hop's papers and items count its evidence under the filters" if filtered else "")
          + ("" if found["ranked"] else "; too many routes to rank them all: good ones, not certainly the best"))
    for i, p in enumerate(paths, 1):
        weak = p["weakest"]
        print(f"\n#{i}  {len(p['hops'])} hop(s), {p['evidence_count']} evidence, weakest hop "
              f"{weak['papers']} paper(s) {weak['evidence']} item(s): " + " → ".join(_label(G, n) for n in p["nodes"]))
        strengths = [hop_strength(G, h, filtered) for h in p["hops"]]  # as the routes are ranked
        rows = [[_named(G, h["source"]), _named(G, h["target"]), len(h["evidence"]), ", ".join(h["countries"]) or "-",
                 ", ".join(h["studies"]), s["papers"], *_in_all(s), _flags(s)]
                for h, s in zip(p["hops"], strengths, strict=True)]
        print(format_table(["from", "to", "evidence", "countries", "studies", "papers",
                            *(["papers in all"] if filtered else []), "strength"], rows))
    if countries:
        print("\n" + _key(G, "countries", countries))
    if studies:
        print(_key(G, "studies", studies))
    if paths and not filtered:
        print(f"papers, strength: {STRENGTH_NOTE.lower()} — papers stating or evidencing the hop, all its evidence "
              "counted; 'contested': reported as enabler and as barrier")
    elif paths:
        print(f"papers, strength: {STRENGTH_NOTE.lower()} — papers reporting the hop's evidence {scope}, and its "
              "flags there; papers in all: papers stating or evidencing the hop, all its evidence counted; "
              "'contested': reported as enabler and as barrier")
    if not paths and args.granularity == "subtheme":
        print("hint: try --granularity theme to roll sub-theme influences up into their themes")
    return 0


def _cmd_reach(args: argparse.Namespace) -> int:
    G = load_graph(args.data)
    node = resolve_factor(G, args.factor)
    fn = upstream if args.command == "upstream" else downstream
    f = _filters(G, args)
    dist = fn(G, node, args.max_hops, granularity=args.granularity, **f)
    if args.granularity == "theme":
        node = G.nodes[node]["theme"]
    if args.json:
        return _print_json({"factor": node, args.command: dist, "labels": _labels(G, [node, *dist])})
    verb = "can reach" if args.command == "upstream" else "reached from"
    _print_filters(G, f)
    print(f"{len(dist)} factor(s) {verb} {_label(G, node)} ({node})")
    print(format_table(["hops", "factor", "label", "level"],
                       [[d, n, _short(_label(G, n), 60), G.nodes[n]["level"]] for n, d in dist.items()]))
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    G = load_graph(args.data)
    f = {k: v for k, v in _filters(G, args).items() if k != "countries"}
    r = compare_countries(G, args.countries, granularity=args.granularity, min_shared=args.min_shared, **f)
    codes = r["countries"]
    all_edges = sorted({tuple(e) for c in codes for e in r["per_country"][c]["edges"]})
    if args.json:
        return _print_json({**r, "labels": _labels(G, [*codes, *(n for e in all_edges for n in e)])})
    _print_filters(G, f)
    print("influences evidenced per country: " +
          ", ".join(f"{_label(G, c)} ({c}) {len(r['per_country'][c]['edges'])}" for c in codes))
    rows = []
    for e in all_edges:
        marks = ["x" if list(e) in r["per_country"][c]["edges"] else "." for c in codes]
        where = "shared" if list(e) in r["shared"] else next((c + " only" for c in codes if list(e) in r["unique"][c]), "")
        rows.append([_named(G, e[0]), _named(G, e[1]), *marks, where])
    print(format_table(["from", "to", *codes, ""], rows))
    print(f"shared by all: {len(r['shared'])}; " + ", ".join(f"unique to {c}: {len(r['unique'][c])}" for c in codes))
    return 0


def _cmd_matrix(args: argparse.Namespace) -> int:
    G = load_graph(args.data)
    long = evidence_matrix(G, by=args.by, as_recorded=args.as_recorded)
    wide = pivot_matrix(long, args.polarity)  # every factor × every column; 0 = a gap
    ev = matching_evidence(G, polarities=[args.polarity] if args.polarity else None)
    items = country_counts(G, ev) if args.by == "country" else paper_counts(G, ev)  # as every view counts them
    if args.json:
        cells = long if not args.polarity else long[long["polarity"] == args.polarity]
        return _print_json({"by": args.by, "as_recorded": args.as_recorded, "factors": list(wide.index),
                            "columns": list(wide.columns), "cells": cells.to_dict("records"),
                            "column_counts": {c: items.get(c, 0) for c in wide.columns},
                            "labels": _labels(G, [*wide.index, *wide.columns])})
    if args.csv:
        sys.stdout.write(csv_text(["factor", "label", *map(str, wide.columns)],
                                  ([f, _label(G, f), *wide.loc[f]] for f in wide.index), bom=True))
        return 0
    shown = wide.loc[:, (wide.sum() > 0)] if not args.all_columns else wide
    rows = [[f, _short(_label(G, f)), *(int(v) if v else "." for v in shown.loc[f])] for f in shown.index]
    print(f"evidence per factor × {args.by}" + (f" ({args.polarity})" if args.polarity else "") +
          "; '.' = no evidence (a gap); " + ("each factor as recorded, a theme without its sub-themes"
                                             if args.as_recorded else "a theme counts its sub-themes' evidence too"))
    if not len(shown.columns):
        print("no evidence yet")
        return 0
    print(format_table(["factor", "label", *shown.columns], rows))
    title = ("countries (evidence items about any factor)" if args.by == "country"
             else "studies (evidence items each reports)")
    print(f"\n{title}: " +
          ", ".join(f"{n} = {_label(G, n)} ({items.get(n, 0)})" for n in sorted(set(shown.columns))))
    return 0


def _matched(hit: dict, width: int) -> str:
    """The quote around its matched words (the paraphrase when only it matched), matches in «guillemets»."""
    return snippet(hit["quote"] if any(m for _, m in hit["quote"]) else hit["paraphrase"], width)


def _cmd_search(args: argparse.Namespace) -> int:
    G = load_graph(args.data)
    text = " ".join(args.text)
    hits = search(G, text, kinds=("factor", "study"))
    found = search_evidence(G, text, limit=args.limit, speakers=args.speaker or (), sections=args.section or ())
    if args.json:
        out: dict = {k: [{"id": n, "label": _label(G, n)} for n in v] for k, v in hits.items()}
        out["evidence"] = [{**{k: h[k] for k in ("id", "score", "study", "countries", "speaker", "section")},
                            "label": _label(G, h["id"]), "quote": G.nodes[h["id"]].get("quote", ""),
                            "paraphrase": G.nodes[h["id"]].get("paraphrase", ""),
                            "matched": _matched(h, 10**6)} for h in found["hits"]]
        out["evidence_total"], out["evidence_query"], out["evidence_facets"] = (found["total"], found["query"],
                                                                                found["facets"])
        return _print_json(out)
    for kind, ids in hits.items():
        print(f"{kind}: {len(ids)}")
        for n in ids[: args.limit]:
            print(f"  {n}  {_label(G, n)[:100]}")
        if len(ids) > args.limit:
            print(f"  … {len(ids) - args.limit} more (--limit)")
    words = " ".join(found["query"])
    print(f"evidence: {found['total']}" + (f" (the papers' words, ranked; searched for: {words})" if words else ""))
    for h in found["hits"]:
        where = " · ".join(x for x in (h["study"], h["speaker"], h["section"]) if x)
        print(f"  {h['id']}  {where}\n      {_matched(h, 140)}")
    if found["total"] > args.limit:
        print(f"  … {found['total'] - args.limit} more (--limit)")
    for facet, counts in found["facets"].items():
        if counts and found["total"] > 1:
            print(f"  by {facet}: " + ", ".join(f"{k} ({n})" for k, n in list(counts.items())[:8]))
    return 0


def _cmd_strongest(G, args: argparse.Namespace, f: dict) -> int:
    ev = {k: f[k] for k in EVIDENCE_FILTERS if f.get(k)}
    rows = strongest(G, what="influences" if args.influences else "factors", granularity=args.granularity,
                     limit=args.top, min_papers=f.get("min_sources", 0), min_countries=f.get("min_countries", 0),
                     **ev)
    if args.json:
        return _print_json(rows)
    scope = describe_filters(G, {**ev, **{k: f[k] for k in ("min_countries",) if f.get(k)}}) or "all the evidence"
    print(f"{'influences' if args.influences else 'factors'} ranked by papers, then evidence items — {scope}")
    print(format_table(["rank", "id", "label", "papers", "evidence", *(["papers in all", "evidence in all"] if ev
                                                                         else []), "strength"],
                       [[i + 1, r["id"], _short(r["label"]), r["papers"], r["evidence"],
                         *([r["papers_in_all"], r["evidence_in_all"]] if ev else []), ", ".join(r["flags"]) or "-"]
                        for i, r in enumerate(rows)]))
    if not rows:
        print("no evidence matches these filters")
    return 0


def _cmd_rank(args: argparse.Namespace) -> int:
    G = load_graph(args.data)
    f = _filters(G, args)
    if (args.by or ("strength" if f.get("polarities") else "reach")) == "strength":
        return _cmd_strongest(G, args, f)
    rows = rank_factors(G, granularity=args.granularity, **f)[: args.top]
    allowed, scope = _allowed(G, f)
    if args.json:
        return _print_json([{"factor": r["factor"], "label": _label(G, r["factor"]), **r,
                             "strength": factor_strength(G, r["factor"], allowed)} for r in rows])
    strengths = {r["factor"]: factor_strength(G, r["factor"], allowed) for r in rows}
    _print_filters(G, f)
    print(format_table(["factor", "label", "level", "reach", "reached by", "betweenness", "evidence", "papers",
                        *(["papers in all"] if allowed is not None else []), "strength"],
                       [[r["factor"], _short(_label(G, r["factor"])), r["level"], r["reach"], r["reached_by"], f"{r['betweenness']:.3f}",
                         r["evidence_count"], strengths[r["factor"]]["papers"], *_in_all(strengths[r["factor"]]),
                         _flags(strengths[r["factor"]])]
                        for r in rows]))
    if rows and allowed is None:
        print(f"\npapers, strength: {STRENGTH_NOTE.lower()} — papers reporting the factor's evidence or introducing "
              "it, all its evidence counted; 'contested': reported as enabler and as barrier")
    elif rows:
        print(f"\npapers, strength: {STRENGTH_NOTE.lower()} — papers reporting the factor's evidence {scope}, and "
              "its flags there; papers in all: papers reporting any of its evidence or introducing it; "
              "'contested': reported as enabler and as barrier")
    return 0


def _evidence_options(p: argparse.ArgumentParser, study: bool = True) -> None:
    p.add_argument("--country", action="append", metavar="C",
                   help="only evidence concerning this country (ISO code or name); repeatable (default: all)")
    if study:
        p.add_argument("--study", action="append", metavar="S",
                       help="only evidence from this study (id or citation); repeatable (default: all)")
    p.add_argument("--polarity", action="append", choices=POLARITIES,
                   help="only evidence of this polarity; repeatable (default: all)")


def _min_sources(p: argparse.ArgumentParser) -> None:
    p.add_argument("--min-sources", "--min-papers", dest="min_sources", type=int, default=0, metavar="N",
                   help="use only factors and influences at least N papers state or evidence; 2 hides what "
                        "one paper alone states (default: all)")
    p.add_argument("--min-countries", type=int, default=0, metavar="N",
                   help="keep only factors and influences whose evidence (under the other filters) concerns at "
                        "least N countries; 'country not stated' counts none (default: all)")


def _granularity(p: argparse.ArgumentParser) -> None:
    p.add_argument("--granularity", choices=GRANULARITIES, default=DEFAULT_GRANULARITY,  # one default: API, CLI, app
                   help="'subtheme': influences as recorded; 'theme': rolled up into their themes")


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON (ids, with a label for each) instead of a table")


def add_query_commands(sub: argparse._SubParsersAction) -> None:
    """Add the query sub-commands to ``pswgraph``'s sub-parsers."""
    p = add_command(sub, "paths", "influence paths from SOURCE to TARGET",
                    "The best influence paths from SOURCE to TARGET up to --max-hops hops (--limit of them, ranked\n"
                    "by --rank: by default by their weakest hop, the one with fewest papers, then items; the rest\n"
                    "counted), with each hop's evidence, countries, studies and evidence counts\n"
                    "(papers; single source, contested, framework only: counts, not a quality grade). Evidence\n"
                    "filters keep only hops evidenced accordingly; --min-sources 2 keeps only hops more than one\n"
                    "paper states or evidences.",
                    ['pswgraph paths "Regulatory and political factors" "PSW wellbeing" --granularity theme',
                     "pswgraph paths policy-mandates psw-wellbeing --country SE --country Norway --json",
                     "pswgraph paths leadership-supervision team-relationships --min-sources 2",
                     "pswgraph paths regulatory-political psw-wellbeing --granularity theme --country SE --rank total"])
    p.add_argument("source", help="factor id, label or alias")
    p.add_argument("target", help="factor id, label or alias")
    p.add_argument("--max-hops", type=int, default=4, metavar="N", help="longest path, in influence hops")
    p.add_argument("--limit", type=int, default=PATH_LIMIT, metavar="N",
                   help="list at most N paths, the best under --rank (the rest are counted)")
    p.add_argument("--rank", choices=RANKINGS, default=DEFAULT_RANKING,
                   help="; ".join(f"'{k}': {v}" for k, v in RANKING_HELP.items()))
    _evidence_options(p)
    _min_sources(p)
    _granularity(p)
    _json(p)
    p.set_defaults(func=_cmd_paths)
    for name, what, verb in (("upstream", "every factor that can reach X", "reach X"),
                             ("downstream", "every factor X can reach", "be reached from X")):
        p = add_command(sub, name, what + ", with distances",
                        f"Every factor that can {verb} along influences, with the number of hops;\n"
                        "evidence filters keep only influences evidenced accordingly.",
                        [f'pswgraph {name} "PSW wellbeing"', f"pswgraph {name} policy-mandates --max-hops 2 --country SE"])
        p.add_argument("factor", metavar="X", help="factor id, label or alias")
        p.add_argument("--max-hops", type=int, default=None, metavar="N", help="at most N hops (default: no limit)")
        _evidence_options(p)
        _granularity(p)
        _json(p)
        p.set_defaults(func=_cmd_reach)
    p = add_command(sub, "compare", "influences evidenced per country: shared and unique",
                    "Which influences the evidence of each country supports: a row per influence, an x per\n"
                    "country evidencing it, and whether all share it or one alone has it.",
                    ["pswgraph compare Sweden Norway Denmark", "pswgraph compare SE NO --granularity theme --json",
                     "pswgraph compare SE NO DK --min-shared 2 --min-papers 2"])
    p.add_argument("countries", nargs="+", metavar="C", help="two or more ISO codes or names")
    p.add_argument("--study", action="append", metavar="S",
                   help="only evidence from this study (id or citation); repeatable (default: all)")
    p.add_argument("--polarity", action="append", choices=POLARITIES,
                   help="only evidence of this polarity; repeatable (default: all)")
    p.add_argument("--min-shared", type=int, default=0, metavar="N",
                   help="keep only influences evidenced in at least N of the countries compared (default: all)")
    p.add_argument("--min-papers", "--min-sources", dest="min_sources", type=int, default=0, metavar="N",
                   help="keep only factors and influences at least N papers state or evidence (default: all)")
    _granularity(p)
    _json(p)
    p.set_defaults(func=_cmd_compare)
    p = add_command(sub, "matrix", "evidence per factor × country (or study); empty cells are gaps",
                    "The evidence-and-gap map: how many evidence items support each factor per country (or\n"
                    "study). A theme's row counts the distinct items on the theme or any of its sub-themes, so\n"
                    "a theme is a gap (0) only where all its sub-themes are too, as the explorer counts it;\n"
                    "--as-recorded counts each factor on its own instead (a theme without its sub-themes, as\n"
                    "before 0.2). The table hides all-empty columns unless --all-columns; --csv writes the full\n"
                    "grid, every factor and every column, 0 where there is no evidence.",
                    ["pswgraph matrix", "pswgraph matrix --by study --polarity barrier",
                     "pswgraph matrix --by country --csv > matrix.csv",
                     "pswgraph matrix --csv --as-recorded > matrix-as-recorded.csv"])
    p.add_argument("--by", choices=["country", "study"], default="country", help="the columns")
    p.add_argument("--polarity", choices=POLARITIES, help="count only this polarity (default: all)")
    p.add_argument("--all-columns", action="store_true", help="show columns with no evidence too")
    p.add_argument("--as-recorded", action="store_true",
                   help="theme rows count only the evidence tagged to the theme itself, not its sub-themes' "
                        "(the old counts; default: rolled up)")
    fmt = p.add_mutually_exclusive_group()
    _json(fmt)
    fmt.add_argument("--csv", action="store_true",
                     help="CSV grid: factor, label, one column per country or study; 0 = a gap")
    p.set_defaults(func=_cmd_matrix)
    p = add_command(sub, "search", "search factors, studies and evidence text",
                    "Find factors and studies whose text contains every word of TEXT (case-insensitive),\n"
                    "and evidence whose quote, paraphrase, speaker code or section does: ranked by relevance,\n"
                    "typos forgiven, matched words in «guillemets»; a section per kind.",
                    ["pswgraph search wellbeing", "pswgraph search peer mentor --limit 5 --json",
                     "pswgraph search eye opening", "pswgraph search project funding --speaker B8"])
    p.add_argument("text", nargs="+", help="words to look for")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits shown per kind")
    p.add_argument("--speaker", action="append", metavar="CODE", help="evidence by this speaker code only (repeat)")
    p.add_argument("--section", action="append", metavar="SECTION", help="evidence from this section only (repeat)")
    _json(p)
    p.set_defaults(func=_cmd_search)
    p = add_command(sub, "rank", "factors by reach, betweenness and evidence",
                    "Rank factors by how many factors they reach along influences, then by betweenness and\n"
                    "evidence; evidence filters keep only influences evidenced accordingly.",
                    ["pswgraph rank --top 10", "pswgraph rank --country SE --granularity theme --json",
                     "pswgraph rank --country NO --polarity barrier        # the strongest barriers in Norway",
                     "pswgraph rank --by strength --influences --country DK"])
    p.add_argument("--top", type=int, default=None, metavar="N", help="only the first N (default: all)")
    p.add_argument("--by", choices=("reach", "strength"), default=None,
                   help="reach: along influences (the default without --polarity); strength: how widely the "
                        "evidence the filters select supports each factor — papers, then items (the default with "
                        "--polarity: 'the strongest barriers in Norway')")
    p.add_argument("--influences", action="store_true", help="with --by strength: rank influences, not factors")
    _evidence_options(p)
    _min_sources(p)
    _granularity(p)
    _json(p)
    p.set_defaults(func=_cmd_rank)
