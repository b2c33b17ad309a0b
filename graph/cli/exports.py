"""``pswgraph figure``, ``deck`` and ``export``: the explorer's downloads from the command line.

Each command takes the explorer's controls as options, with the explorer's defaults (the nine themes,
level bands, 1 hop around a focus, unevidenced influences kept), and writes the very file the
explorer's button downloads for that view, under the same name unless ``-o`` names another
(:mod:`graph.export.downloads` makes both). An output name whose extension does not match its format
is refused with a message, and nothing is written.

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> add_export_commands(sub)
>>> a = sub.choices["figure"].parse_args(["--focus", "wellbeing", "--for", "slide"])
>>> a.depth, a.layout, a.mode, a.subthemes, a.evidenced_only
(1, 'bands', 'slide', False, False)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from graph.cli.help import add_command
from graph.data.load import load_graph
from graph.data.vocabulary import LEVELS, PERSPECTIVES, POLARITIES
from graph.export import EXPORT_FORMATS
from graph.export.downloads import (
    FIGURE_MODES,
    NETWORK_CONTENTS,
    ROUTE_HOPS,
    Download,
    comparison_deck_download,
    figure_download,
    filter_kwargs,
    network_download,
    route_deck_download,
    view_deck_download,
)
from graph.present.figure import FIGURE_FORMATS
from graph.present.layout import VIEW_LAYOUTS
from graph.query.filters import Filters
from graph.query.lookup import resolve_factor
from graph.query.paths import DEFAULT_GRANULARITY, DEFAULT_RANKING, GRANULARITIES, RANKING_HELP, RANKINGS

__all__ = ["EXPORT_EXTENSIONS", "add_export_commands", "add_view_options", "checked_output", "view_arguments",
           "write_download"]

#: Extensions an export may be written under besides its format's own (:data:`EXPORT_FORMATS`).
EXPORT_EXTENSIONS = {"mermaid": (".md", ".mermaid"), "cyjs": (".json",), "graphml": (".xml",)}
#: The view options that only the explore view has (a route or comparison deck refuses them).
VIEW_ONLY = ("level", "theme", "study", "polarity", "perspective", "min_evidence", "evidenced_only", "focus",
             "subthemes", "open", "select")


class _Group:
    """An argument group that leaves out the options its parser already has (same name, same meaning)."""

    def __init__(self, p: argparse.ArgumentParser, title: str) -> None:
        self.p, self.group = p, p.add_argument_group(title)

    def add_argument(self, *names: str, **kwargs: Any) -> None:
        if not any(n in self.p._option_string_actions for n in names):
            self.group.add_argument(*names, **kwargs)


def add_view_options(p: argparse.ArgumentParser) -> None:
    """The explore view's controls as options of *p*, each with the explorer's default (those *p* has already,
    such as ``--country``, are kept as they are)."""
    g = _Group(p, "the view (the explorer's controls; defaults as it opens)")
    g.add_argument("--level", action="append", choices=LEVELS, help="only factors at this level; repeatable "
                   "(default: all)")
    g.add_argument("--theme", action="append", metavar="T",
                   help="only this theme (id, label or alias) and its sub-themes; repeatable (default: all)")
    g.add_argument("--country", action="append", metavar="C",
                   help="only evidence concerning this country (ISO code or name; not-stated for none); "
                        "repeatable (default: all)")
    g.add_argument("--study", action="append", metavar="S",
                   help="only evidence from this study (id or citation); repeatable (default: all)")
    g.add_argument("--polarity", action="append", choices=POLARITIES,
                   help="only evidence of this polarity; repeatable (default: all)")
    g.add_argument("--perspective", action="append", choices=PERSPECTIVES,
                   help="only evidence from this perspective; repeatable (default: all)")
    g.add_argument("--min-evidence", type=int, default=0, metavar="N", help="only influences with N or more "
                   "evidence items")
    g.add_argument("--evidenced-only", action="store_true",
                   help="hide influences without evidence (default: shown, as in the explorer)")
    g.add_argument("--min-papers", type=int, default=0, metavar="N",
                   help="only factors and influences at least N papers state or evidence (route: only such hops)")
    g.add_argument("--hide-single", dest="min_papers", action="store_const", const=2,
                   help="the same as --min-papers 2 (older name)")
    g.add_argument("--min-countries", type=int, default=0, metavar="N",
                   help="only factors and influences evidenced in at least N countries")
    g.add_argument("--focus", metavar="X", help="only the factors within --depth hops of X (default: all)")
    g.add_argument("--depth", type=int, default=1, metavar="N", help="hops around --focus")
    g.add_argument("--layout", choices=list(VIEW_LAYOUTS), default="bands", help="how the view is laid out")
    g.add_argument("--subthemes", action="store_true", help="open every theme into its sub-themes (default: "
                   "the nine themes)")
    g.add_argument("--open", action="append", metavar="T", help="open this theme into its sub-themes; repeatable")
    g.add_argument("--select", nargs="+", metavar="F",
                   help="the selected factor, or two (SOURCE TARGET: the influence between them), as a click "
                        "in the explorer selects them")


def _resolved(G: Any, key: str, values: list[str] | None) -> list[str] | None:
    """*values* as ids, in the order given, as the explorer's filters resolve them (``None``: not set)."""
    out: list[str] = []
    for value in values or []:
        out += [i for i in getattr(Filters.resolve(G, **{key: value}), key) if i not in out]
    return out or None


def view_arguments(G: Any, args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    """The filters (:func:`graph.present.screen.filter_kwargs`) and the view keywords of the view options.

    Unknown names raise :class:`graph.query.lookup.NotFound`; a bad number or selection ``ValueError``.
    """
    for name in ("depth", "min_evidence", "min_countries", "min_papers"):
        if getattr(args, name) < (1 if name == "depth" else 0):
            raise ValueError(f"--{name.replace('_', '-')} must be {'1' if name == 'depth' else '0'} or more")
    kw = filter_kwargs(_resolved(G, "levels", args.level), _resolved(G, "themes", args.theme),
                       _resolved(G, "countries", args.country), _resolved(G, "studies", args.study),
                       _resolved(G, "polarities", args.polarity), _resolved(G, "perspectives", args.perspective),
                       args.min_evidence, not args.evidenced_only, args.min_papers, args.min_countries)
    selection = None
    if args.select:
        if len(args.select) > 2:
            raise ValueError("--select takes one factor, or two (SOURCE TARGET: an influence)")
        ids = [resolve_factor(G, f) for f in args.select]
        selection = {"type": "factor", "id": ids[0]} if len(ids) == 1 else \
            {"type": "influence", "source": ids[0], "target": ids[1]}
    return kw, {"focus": resolve_factor(G, args.focus) if args.focus else None, "depth": args.depth,
                "layout": args.layout, "show": "subthemes" if args.subthemes else "themes",
                "expand": _resolved(G, "themes", args.open) or [], "selection": selection}


def checked_output(output: str | None, ext: str, what: str, also: tuple[str, ...] = ()) -> Path | None:
    """*output* as a path (``None`` when not given: the explorer's name is used); ``ValueError`` when its
    extension is neither *ext* nor one of *also* (*what*: the format, in words).

    >>> checked_output("view.pdf", ".pdf", "--format pdf writes a PDF figure"), checked_output(None, ".pdf", "")
    (PosixPath('view.pdf'), None)
    >>> checked_output("view.png", ".pdf", "--format pdf writes a PDF figure")
    Traceback (most recent call last):
    ValueError: --format pdf writes a PDF figure, a .pdf file; 'view.png' ends in .png — name it 'view.pdf' (nothing written)
    """
    if output is None:
        return None
    suffix = Path(output).suffix.lower()
    if suffix not in (ext, *also):
        raise ValueError(f"{what}, a {ext} file; {output!r} ends in {suffix or 'no extension'} — name it "
                         f"{Path(output).with_suffix(ext).name!r} (nothing written)")
    return Path(output)


def write_download(d: Download, path: Path | None) -> int:
    """Write *d* to *path*, else under the explorer's name for it; say so on standard error."""
    path = path or Path(d.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(d.data)
    print(f"wrote {path} ({len(d.data):,} bytes): {d.message.replace(f' Saved as {d.name}.', '')}", file=sys.stderr)
    return 0


def _cmd_figure(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix.lower() if args.output else ""
    by_ext = {spec.ext: fmt for fmt, spec in FIGURE_FORMATS.items()}
    if args.format is None and args.output and suffix not in by_ext:
        raise ValueError(f"a figure is a {', '.join(by_ext)} file; {args.output!r} ends in "
                         f"{suffix or 'no extension'} — name it {Path(args.output).with_suffix('.png').name!r} "
                         "or give --format (nothing written)")
    fmt = args.format or by_ext.get(suffix, "png")
    path = checked_output(args.output, FIGURE_FORMATS[fmt].ext, f"--format {fmt} writes a {fmt.upper()} figure")
    G = load_graph(args.data)
    kw, view = view_arguments(G, args)
    return write_download(figure_download(G, fmt, kw, mode=args.mode, **view), path)


def _refuse_view_options(args: argparse.Namespace, deck: str) -> None:
    given = [f"--{k.replace('_', '-')}" for k in VIEW_ONLY if getattr(args, k) not in (None, False, 0)]
    if given:
        raise ValueError(f"the {deck} deck does not use {', '.join(given)} (the explore view's options)")


def _cmd_deck(args: argparse.Namespace) -> int:
    path = checked_output(args.output, ".pptx", "a deck is a PowerPoint file")
    G = load_graph(args.data)
    if args.route:
        _refuse_view_options(args, "route")
        countries = _resolved(G, "countries", args.country)
        d = route_deck_download(G, *(resolve_factor(G, f) for f in args.route), max_hops=args.max_hops,
                                countries=countries, granularity=args.granularity, rank=args.rank,
                                pick=args.pick - 1 if args.pick else None,
                                min_sources=args.min_papers, min_countries=args.min_countries)
    elif args.compare:
        _refuse_view_options(args, "comparison")
        if args.country or args.min_countries:
            raise ValueError("the comparison deck takes its countries from --compare only (and its breadth from "
                             "--min-shared and --min-papers)")
        d = comparison_deck_download(G, _resolved(G, "countries", args.compare) or [], min_shared=args.min_shared,
                                     min_sources=args.min_papers)
    else:
        kw, view = view_arguments(G, args)
        d = view_deck_download(G, kw, **view)
    return write_download(d, path)


def _cmd_export(args: argparse.Namespace) -> int:
    spec = EXPORT_FORMATS[args.format]
    path = checked_output(args.output, spec.ext, f"--format {args.format} writes {spec.label}",
                          EXPORT_EXTENSIONS.get(args.format, ()))
    G = load_graph(args.data)
    kw, view = view_arguments(G, args)
    return write_download(network_download(G, args.format, kw, content="full" if args.with_evidence else "drawn", **view),
                  path)


def add_export_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``figure``, ``deck`` and ``export`` to ``pswgraph``'s sub-parsers."""
    p = add_command(sub, "figure", "a captioned figure of the explore view (PNG, SVG or PDF)",
                    "The figure the explorer's PNG, SVG and PDF buttons download: the view drawn as on screen\n"
                    "(or --for slide), with a title, the legend, a caption generated from the view and a\n"
                    "sources line; its alt text is stored in the file. The view options are the explorer's\n"
                    "controls, with its defaults. Written to -o, else to the explorer's file name.",
                    ["pswgraph figure --focus psw-wellbeing                # pswgraph_focus-psw-wellbeing.png",
                     "pswgraph figure --country DK --for slide -o dk.pdf",
                     "pswgraph figure --subthemes --format svg"])
    p.add_argument("--format", choices=list(FIGURE_FORMATS), help="png, svg or pdf (default: from the -o file's "
                   "extension, else png)")
    p.add_argument("--for", dest="mode", choices=list(FIGURE_MODES), default="screen",
                   help="; ".join(f"'{k}': {v}" for k, v in FIGURE_MODES.items()))
    add_view_options(p)
    p.add_argument("-o", "--output", metavar="PATH", help="the file to write (default: the explorer's name for it)")
    p.set_defaults(func=_cmd_figure)

    p = add_command(sub, "deck", "a 16:9 PowerPoint deck: of the explore view, a route or a comparison",
                    "The decks the explorer's PowerPoint buttons download. By default the explore view's:\n"
                    "the view, its evidence (or the selection's, with --select) and references. --route\n"
                    "SOURCE TARGET: the path finder's, one slide per hop of the best route (or --pick N).\n"
                    "--compare C C …: the country comparison's panels side by side, with their evidence.",
                    ["pswgraph deck --focus psw-wellbeing --country SE",
                     "pswgraph deck --route regulatory-political psw-wellbeing --max-hops 3",
                     "pswgraph deck --compare Sweden Norway Denmark -o nordic.pptx"])
    what = p.add_mutually_exclusive_group()
    what.add_argument("--route", nargs=2, metavar=("SOURCE", "TARGET"), help="the path finder's deck of a route")
    what.add_argument("--compare", nargs="+", metavar="C", help="the comparison deck of two to four countries")
    p.add_argument("--min-shared", type=int, default=0, metavar="N",
                   help="with --compare: only influences evidenced in at least N of the countries compared")
    r = p.add_argument_group("a route (with --route; --country, --min-papers and --min-countries apply to its hops)")
    r.add_argument("--max-hops", type=int, default=ROUTE_HOPS, metavar="N", help="longest route, in hops")
    r.add_argument("--granularity", choices=GRANULARITIES, default=DEFAULT_GRANULARITY,
                   help="'subtheme': influences as recorded; 'theme': rolled up into their themes")
    r.add_argument("--rank", choices=RANKINGS, default=DEFAULT_RANKING,
                   help="; ".join(f"'{k}': {v}" for k, v in RANKING_HELP.items()))
    r.add_argument("--pick", type=int, metavar="N", help="the N-th route found, as the path finder numbers them "
                   "(default: the first)")
    add_view_options(p)
    p.add_argument("-o", "--output", metavar="PATH", help="the .pptx file to write (default: the explorer's name)")
    p.set_defaults(func=_cmd_deck)

    p = add_command(sub, "export", "export the view's subgraph (" + ", ".join(EXPORT_FORMATS) + ")",
                    "The subgraph the explorer's 'Download subgraph' button writes: the factors and influences\n"
                    "of the view as drawn (--as-drawn, the default: GEXF and GraphML keep the explorer's\n"
                    "positions and colours), or those with their evidence, studies and countries\n"
                    "(--with-evidence). BibTeX and RIS list the studies behind the factors of the view.\n"
                    "The view options are the explorer's controls, with its defaults (the nine themes):\n"
                    "--subthemes opens them all.",
                    ["pswgraph export --format graphml -o pswgraph.graphml",
                     "pswgraph export --format mermaid --focus psw-wellbeing --depth 2 --country DK -o dk.mmd",
                     "pswgraph export --format gexf --subthemes --with-evidence"])
    p.add_argument("--format", required=True, choices=list(EXPORT_FORMATS), help="the file format")
    content = p.add_mutually_exclusive_group()
    content.add_argument("--as-drawn", action="store_true", help=f"{NETWORK_CONTENTS['drawn']} (the default)")
    content.add_argument("--with-evidence", action="store_true", help=NETWORK_CONTENTS["full"])
    add_view_options(p)
    p.add_argument("-o", "--output", metavar="PATH", help="the file to write (default: the explorer's name for it)")
    p.set_defaults(func=_cmd_export)
