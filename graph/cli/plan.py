"""Planning sub-commands of ``pswgraph``: strategies (what managers did about a factor) and checklist."""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap

from graph.cli.help import add_command
from graph.data.load import load_graph
from graph.data.vocabulary import NOT_STATED_LABEL
from graph.export.downloads import checklist_download, plan_csv
from graph.present.checklist import CHECKLIST_FORMATS
from graph.query.lookup import resolve_country, resolve_factor
from graph.query.plan import checklist, checklist_rows, strategies_for, upgrade_assessment

__all__ = ["add_plan_commands", "format_strategy"]

WIDTH = 100


def format_strategy(record: dict) -> str:
    """A strategy record (:func:`graph.query.plan.strategy_record`) as readable text, quotes with speaker codes.

    >>> print(format_strategy({"id": "strat-x", "label": "Train staff", "phase": "during", "status": "done",
    ...     "actor": "organisation", "study_label": "Grim et al. 2022", "countries": ["SE"], "eric_crosswalk": "",
    ...     "description": "Staff were trained.", "evidence": [{"id": "ev-1", "quote": "Staff training helped", "speaker": "B12"}]}))
    [during · done · organisation] Train staff  (strat-x)
      Grim et al. 2022 · SE
      Staff were trained.
      “Staff training helped” (B12) [ev-1]
    """
    where = ", ".join(record["countries"]) or NOT_STATED_LABEL.lower()
    head = [f"[{record['phase']} · {record['status']} · {record['actor']}] {record['label']}  ({record['id']})",
            f"  {record['study_label']} · {where}"
            + (f" · ERIC (our crosswalk): {record['eric_crosswalk']}" if record["eric_crosswalk"] else "")]
    body = textwrap.fill(record["description"], WIDTH, initial_indent="  ", subsequent_indent="  ",
                         break_on_hyphens=False)
    quotes = []
    for e in record["evidence"]:
        text = f"“{e['quote']}”" + (f" ({e['speaker']})" if e.get("speaker") else "") + f" [{e['id']}]"
        quotes.append(textwrap.fill(text, WIDTH, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False))
    return "\n".join([*head, body, *quotes])


def _cmd_strategies(args: argparse.Namespace) -> int:
    G = load_graph(args.data)
    factor = resolve_factor(G, args.factor)
    country = resolve_country(G, args.country) if args.country else None
    records = strategies_for(G, factor, country, subthemes=not args.direct)
    if args.json:
        print(json.dumps({"factor": factor, "label": G.nodes[factor]["label"], "country": country,
                          "strategies": records}, indent=2, ensure_ascii=False))
        return 0
    where = f" with evidence from {G.nodes[country]['label']} ({country})" if country else ""
    print(f"{len(records)} strateg{'y' if len(records) == 1 else 'ies'} addressing "
          f"{G.nodes[factor]['label']} ({factor}){where}")
    for r in records:
        print()
        print(format_strategy(r))
    if not records and country:
        print("hint: drop --country to see strategies reported elsewhere")
    return 0


def _cmd_checklist(args: argparse.Namespace) -> int:
    suffix = os.path.splitext(args.output)[1].lstrip(".").lower() if args.output else None
    fmt = args.format or suffix
    if fmt and (fmt not in CHECKLIST_FORMATS or (args.output and suffix != fmt)):
        print(f"pswgraph checklist: --format {'|'.join(CHECKLIST_FORMATS)} with -o FILE ending so (or no -o); "
              f"got {'--format ' + args.format if args.format else 'no --format'} and {args.output or 'no -o'} "
              "(nothing written)", file=sys.stderr)
        return 2
    G = load_graph(args.data)
    old = {resolve_factor(G, f): "absent" for f in args.absent or []}  # the old spellings, converted as old files are
    old.update({resolve_factor(G, f): "present" for f in args.present or []})
    assessment, converted = upgrade_assessment(old)
    assessment.update({resolve_factor(G, f): "strength" for f in args.strength or []})
    assessment.update({resolve_factor(G, f): "problem" for f in args.problem or []})
    if converted.get("absent"):
        print(f"pswgraph checklist: --absent is the old spelling; {len(converted['absent'])} factor(s) given with it "
              "left not known (use --strength for an enabler you have, --problem for one you lack)", file=sys.stderr)
    country = resolve_country(G, args.country) if args.country else None
    if fmt:
        d = checklist_download(G, assessment, fmt, country=country)
        output, data = args.output or d.name, d.data
        try:
            with open(output, "wb") as fh:
                fh.write(data)
        except OSError as err:
            print(f"pswgraph checklist: cannot write {output}: {err.strerror}", file=sys.stderr)
            return 2
        print(f"wrote {output} ({len(data):,} bytes, {fmt.upper()})")
        return 0
    items = checklist(G, assessment, country)
    if args.json:
        print(json.dumps({"assessment": assessment, "country": country, "items": items}, indent=2,
                         ensure_ascii=False))
        return 0
    rows = checklist_rows(items)
    if args.csv:
        sys.stdout.write(plan_csv(G, assessment, country))
        return 0
    where = f" with evidence from {G.nodes[country].get('label', country)} ({country})" if country else ""
    print(f"checklist: {len(items)} problem(s) here with strategies{where}, {len(rows)} action(s)")
    for item in items:
        print(f"\n{item['level_label']} · {item['label']} ({item['factor']}): reaches {item['reach']} factor(s), "
              f"{item['barrier_evidence']} barrier evidence")
        if item["strengths"]:
            print("  strengths you have that these rely on: " + ", ".join(item["strengths"]))
        for s in item["strategies"]:
            n = len(s["evidence"])
            print(f"  [ ] [{s['phase']} · {s['status']}] {s['label']} — {s['study_label']}, "
                  f"{n} quote{'s' if n != 1 else ''} ({', '.join(s['countries']) or 'country not stated'})")
    return 0


def add_plan_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``strategies`` and ``checklist`` to ``pswgraph``'s sub-parsers."""
    p = add_command(sub, "strategies", "what managers did or advised about a factor, with quotes",
                    "The strategies the papers report managers, organisations or policy makers taking or\n"
                    "advising about FACTOR (and, for a theme, its sub-themes): phase, status, who acts, study,\n"
                    "countries, the ERIC strategy closest to it (our crosswalk) and the verbatim quotes with\n"
                    "speaker codes. --country keeps strategies with evidence from that country, and only that evidence.",
                    ['pswgraph strategies "Staff readiness" --country DK',
                     "pswgraph strategies time-limited-project-funding --json"])
    p.add_argument("factor", metavar="FACTOR", help="factor id, label or alias")
    p.add_argument("--country", metavar="C", help="ISO code or name (default: every country)")
    p.add_argument("--direct", action="store_true", help="for a theme, leave out strategies addressing its sub-themes")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_cmd_strategies)
    p = add_command(sub, "checklist", "an action checklist for the problems in your service",
                    "Mark the factors that are a problem in your service (--problem, repeatable: a barrier you\n"
                    "face, or an enabler you lack) and, optionally, its strengths (--strength: an enabler you\n"
                    "have); the rest are not known. Lists each problem that strategies address, by level, ranked\n"
                    "by downstream reach and barrier evidence, with the strategies and, for each, the factors it\n"
                    "relies on as a strength you have, a problem here or not known.\n"
                    "Old spellings still work: --present is --problem; --absent (\"not at play here\") says\n"
                    "neither a problem nor a strength, so the factor is left not known, as in old saved files.",
                    ['pswgraph checklist --problem "Time-limited project funding" --problem role-clarity',
                     "pswgraph checklist --problem staff-readiness --strength mentoring --csv > checklist.csv",
                     "pswgraph checklist --problem role-clarity --strength mentoring --format pdf -o checklist.pdf",
                     "pswgraph checklist --problem staff-readiness --country DK --format docx"])
    p.add_argument("--problem", action="append", metavar="FACTOR",
                   help="a factor that is a problem here: a barrier you face, or an enabler you lack")
    p.add_argument("--strength", action="append", metavar="FACTOR", help="a factor that is a strength here: an "
                   "enabler you have")
    p.add_argument("--present", action="append", metavar="FACTOR", help="old spelling of --problem")
    p.add_argument("--absent", action="append", metavar="FACTOR",
                   help="old spelling: the factor is left not known (see above)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON instead of text")
    fmt.add_argument("--csv", action="store_true", help="one row per barrier and strategy, with empty owner/due/status")
    fmt.add_argument("--format", choices=list(CHECKLIST_FORMATS),
                     help="write a printable A4 checklist file (to -o, or one named for it): per level and phase, APA 7 citations, "
                          "empty owner/due/status columns, your self-assessment")
    p.add_argument("--country", metavar="C", help="only strategies with evidence from this country (ISO code or "
                   "name), and only that evidence (default: every country)")
    p.add_argument("-o", "--output", metavar="FILE", help="the checklist file (format from --format or its extension; "
                   "default with --format: pswgraph_checklist_[COUNTRY_]DATE.EXT)")
    p.set_defaults(func=_cmd_checklist)
