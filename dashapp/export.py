"""Export toolbar: PNG/SVG of the explore graph, the current subgraph in the library's formats, a PowerPoint deck."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from graph.evidence import evidence_records, factor_details, influence_details, references
from graph.export import EXPORT_FORMATS, drawn_view, export_filename, export_graph, studies_of, with_drawing
from graph.layout import LAYOUT_ALIASES, VIEW_LAYOUTS
from graph.lookup import NotFound
from graph.report import SUMMARY_FORMATS, summary
from graph.subgraph import select_subgraph

from . import components as C
from . import explore as E
from .components import AppContext
from .pptx_deck import build_deck, decode_image

PNG = "x-png"
SVG = "x-svg"
FORMAT = "x-format"
DOWNLOAD_BUTTON = "x-download"
DOWNLOAD = "x-file"
PPTX = "x-pptx"
PPTX_DOWNLOAD = "x-pptx-file"
STATUS = "x-status"
COPY_LINK = "x-copy-link"
CONTENT = "x-content"
SUMMARY = "x-summary"
SUMMARY_FORMAT = "x-summary-format"
SUMMARY_DOWNLOAD = "x-summary-file"
#: What a network file holds: the drawing on screen (default), or that plus the evidence, studies and countries.
CONTENTS = {"drawn": "factors and influences (as drawn)", "full": "with evidence, studies and countries"}

LEGEND = [(C.LEVEL_COLOURS["macro"], "Macro level (systems)"), (C.LEVEL_COLOURS["meso"], "Meso level (organisation)"),
          (C.LEVEL_COLOURS["micro"], "Micro level (team)"), (C.UPWARD_COLOUR, "Upward influence (arrow ↑)"),
          (C.EDGE_COLOUR, "Solid: inter-level; dashed: intra-level"),
          ("#BBBBBB", "Faint: framework only, no evidence yet"), ("#FFFFFF", "Node size: evidence count")]


def toolbar() -> html.Div:
    """The buttons under the explore graph."""
    return html.Div([
        html.Span("Export:", className="me-2 fw-bold"),
        dbc.Button("PNG", id=PNG, size="sm", color="primary", outline=True, className="me-1"),
        dbc.Button("SVG", id=SVG, size="sm", color="primary", outline=True, className="me-1"),
        dbc.Button("PowerPoint", id=PPTX, size="sm", color="primary", outline=True, className="me-3"),
        dcc.Dropdown(id=FORMAT, value="graphml", clearable=False, className="export-format",
                     options=[{"label": v["label"], "value": k} for k, v in EXPORT_FORMATS.items()]),
        dcc.Dropdown(id=CONTENT, value="drawn", clearable=False, searchable=False, className="export-format",
                     options=[{"label": label, "value": k} for k, label in CONTENTS.items()]),
        dbc.Button("Download subgraph", id=DOWNLOAD_BUTTON, size="sm", color="primary", className="ms-1 me-3"),
        dcc.Dropdown(id=SUMMARY_FORMAT, value="docx", clearable=False, searchable=False, className="export-format narrow",
                     options=[{"label": "Word (.docx)", "value": "docx"}, {"label": "Markdown (.md)", "value": "md"}]),
        dbc.Button("Written summary", id=SUMMARY, size="sm", color="primary", className="ms-1 me-3",
                   title="A written summary of the selected factor or influence, else of the factors on screen"),
        html.Span([dcc.Clipboard(id=COPY_LINK, title="Copy a link to this view", className="d-inline-block"),
                   " copy link"], className="small"),
        html.Span(id=STATUS, className="ms-2 small text-muted"),
        dcc.Download(id=DOWNLOAD), dcc.Download(id=PPTX_DOWNLOAD), dcc.Download(id=SUMMARY_DOWNLOAD),
    ], className="export-toolbar d-flex flex-wrap align-items-center")


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M")


def register(app: Dash, ctx_: AppContext) -> None:
    """Attach the export callbacks to *app* (they act on the explore view)."""
    filter_states = [State(i, "value") for i in E.FILTER_IDS]

    @app.callback(Output(E.GRAPH, "generateImage"), Output(STATUS, "children"),
                  Input(PNG, "n_clicks"), Input(SVG, "n_clicks"), Input(PPTX, "n_clicks"),
                  prevent_initial_call=True)
    def image(_png, _svg, _pptx):
        trig = ctx.triggered_id
        opts = {"full": True, "bg": "#ffffff", "scale": 2}
        if trig == PNG:
            return {"type": "png", "action": "download", "filename": f"pswgraph-{_stamp()}", "options": opts}, ""
        if trig == SVG:
            return {"type": "svg", "action": "download", "filename": f"pswgraph-{_stamp()}",
                    "options": {"full": True, "bg": "#ffffff"}}, ""
        if trig == PPTX:
            return {"type": "png", "action": "store", "options": {**opts, "output": "base64uri"}}, \
                "Building the PowerPoint deck…"
        return no_update, no_update

    @app.callback(Output(PPTX_DOWNLOAD, "data"), Output(E.GRAPH, "imageData"), Output(STATUS, "children",
                                                                                      allow_duplicate=True),
                  Input(E.GRAPH, "imageData"), *filter_states, State(E.FOCUS, "value"), State(E.DEPTH, "value"),
                  State(E.SELECTION, "data"), State(E.SHOW, "value"), State(E.EXPAND, "data"),
                  prevent_initial_call=True)
    def deck(image_data, *args):
        if not image_data:
            return no_update, no_update, no_update
        *filters, focus, depth, selection, show, expand = args
        G = ctx_.graph()
        kw = E.filter_kwargs(*filters)
        subtitle = E.describe_filters(G, kw) or "All factors and influences"
        if focus and focus in G:
            subtitle += f"; focus on {G.nodes[focus]['label']} ({depth or 1} hop(s))"
        heading = "Evidence"
        try:
            if selection and selection.get("type") == "factor":
                d = factor_details(G, selection["id"])
                records, heading = d["evidence"], f"Evidence: {d['label']}"
            elif selection and selection.get("type") == "influence":
                d = influence_details(G, selection["source"], selection["target"])
                records, heading = d["evidence"], f"Evidence: {d['source_label']} → {d['target_label']}"
            else:
                V, _, _ = E.on_screen(G, filters, focus, depth, show, expand)
                ids = sorted({e for _, _, a in V.edges(data=True) for e in a.get("evidence", [])})
                records = evidence_records(G, ids)
        except (KeyError, NotFound) as err:
            return no_update, None, f"Could not build the deck: {err}"
        data = build_deck(decode_image(image_data), title="Peer support worker implementation: influences",
                          subtitle=subtitle, legend=LEGEND, evidence=records,
                          references=references(G, [r["id"] for r in records]), evidence_heading=heading)
        return dcc.send_bytes(data, f"pswgraph-{_stamp()}.pptx"), None, "PowerPoint deck ready."

    view_states = [State(E.FOCUS, "value"), State(E.DEPTH, "value"), State(E.SHOW, "value"), State(E.EXPAND, "data"),
                   State(E.SELECTION, "data"), State(E.LAYOUT, "value")]

    @app.callback(Output(DOWNLOAD, "data"), Output(STATUS, "children", allow_duplicate=True),
                  Input(DOWNLOAD_BUTTON, "n_clicks"), State(FORMAT, "value"), State(CONTENT, "value"), *filter_states,
                  *view_states, prevent_initial_call=True)
    def download(_n, fmt, content, *args):
        *filters, focus, depth, show, expand, selection, layout = args
        G = ctx_.graph()
        fmt = fmt if fmt in EXPORT_FORMATS else "graphml"
        full = content == "full" or fmt in ("bibtex", "ris")  # references: every study behind the evidence
        layout = layout if layout in VIEW_LAYOUTS else LAYOUT_ALIASES.get(layout, "bands")
        try:
            V, members, kw = E.on_screen(G, filters, focus, depth, show, expand, selection)
            H = D = drawn_view(V, G, layout)
            if full:
                H = with_drawing(select_subgraph(G, **kw, factors=members), D)
        except NotFound as err:
            return no_update, f"{err}"
        spec = EXPORT_FORMATS[fmt]
        name = export_filename(fmt, focus=focus, depth=depth, filters=kw,
                               content="with-evidence" if content == "full" and fmt not in ("bibtex", "ris") else None,
                               layout=layout)
        if fmt in ("bibtex", "ris"):
            what = f"{len(studies_of(H, G))} studies behind the factors on screen"
        elif full:
            kinds = Counter(k for _, k in H.nodes(data="kind"))
            what = (f"{CONTENTS['full']}: {H.number_of_nodes()} nodes ({kinds['factor']} factors, "
                    f"{kinds['evidence']} evidence, {kinds['study']} studies, {kinds['country']} countries)")
        else:
            what = f"{CONTENTS['drawn']}: {D.number_of_nodes()} factors, {D.number_of_edges()} influences"
        return dcc.send_bytes(export_graph(H, fmt, G), name), f"{spec['label']} — {what}. Saved as {name}."

    @app.callback(Output(SUMMARY_DOWNLOAD, "data"), Output(STATUS, "children", allow_duplicate=True),
                  Input(SUMMARY, "n_clicks"), State(SUMMARY_FORMAT, "value"), *filter_states, *view_states,
                  prevent_initial_call=True)
    def written_summary(_n, fmt, *args):
        *filters, focus, depth, show, expand, selection, _layout = args
        G = ctx_.graph()
        fmt = fmt if fmt in SUMMARY_FORMATS else "docx"
        kw = E.filter_kwargs(*filters)
        sel = selection if selection and selection.get("type") in ("factor", "influence") else None
        try:
            if sel and sel["type"] == "factor":
                data, what = summary(G, factor=sel["id"], filters=kw, fmt=fmt), G.nodes[sel["id"]]["label"]
            elif sel:
                data = summary(G, influence=(sel["source"], sel["target"]), filters=kw, fmt=fmt)
                what = f"{G.nodes[sel['source']]['label']} → {G.nodes[sel['target']]['label']}"
            else:
                V, _, _ = E.on_screen(G, filters, focus, depth, show, expand)
                data = summary(G, view=V, filters=kw, fmt=fmt)
                what = f"the {sum(1 for _, a in V.nodes(data=True) if not a.get('container'))} factors on screen"
        except (KeyError, NotFound, ValueError) as err:
            return no_update, f"Could not write the summary: {err}"
        name = export_filename("summary", ext=SUMMARY_FORMATS[fmt]["ext"], selection=sel,
                               focus=None if sel else focus, depth=depth, filters=kw)
        return dcc.send_bytes(data, name), f"Written summary of {what}. Saved as {name}."

    app.clientside_callback(
        "function(n) { return window.location.href; }",
        Output(COPY_LINK, "content"), Input(COPY_LINK, "n_clicks"), prevent_initial_call=True,
    )
