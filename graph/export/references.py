"""BibTeX and RIS of the studies behind a subgraph (:func:`studies_of`)."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from graph.export.flatten import _edge_rows, _fold
from graph.query.details import doi_url, safe_url

__all__ = ["studies_of"]


def studies_of(H: nx.Graph, G: nx.MultiDiGraph | None = None) -> dict[str, dict]:
    """The studies behind a subgraph: its study nodes, the studies its evidence reports or cites, and the studies named on its edges.

    Parameters
    ----------
    H : any subgraph. G : the full graph, to look up studies named in *H* but not present in it.

    Returns
    -------
    ``{study id: attributes}`` sorted by id (ids without attributes are skipped).

    Examples
    --------
    >>> from graph import load_graph
    >>> from graph.query.filters import select_subgraph
    >>> G = load_graph()
    >>> studies = studies_of(select_subgraph(G, countries=["DK"]), G)
    >>> "johansen-2024" in studies, list(studies) == sorted(studies)
    (True, True)
    >>> studies["johansen-2024"]["year"]
    2024
    """
    ids: list[str] = [n for n, a in H.nodes(data=True) if a.get("kind") == "study"]
    for _, a in H.nodes(data=True):
        if a.get("kind") == "evidence":
            ids += [a["study"], *a.get("cites", [])]
    for *_, a in _edge_rows(H):
        ids += list(a.get("studies", []))
    out = {}
    for s in dict.fromkeys(ids):
        attrs = H.nodes[s] if s in H else (G.nodes[s] if G is not None and s in G else None)
        if attrs is not None and attrs.get("kind") == "study":
            out[s] = dict(attrs)
    return dict(sorted(out.items()))


def _authors(a: dict) -> list[str]:
    return [p.strip() for p in str(a.get("authors") or "").split(";") if p.strip()]


def _doi(a: dict) -> str:
    """The study's DOI when it is a well-formed one (:func:`graph.query.details.doi_url`), else ''."""
    return str(a.get("doi") or "").strip() if doi_url(a.get("doi")) else ""


def _et_al(name: str) -> bool:
    return re.fullmatch(r"et\.?\s*al\.?", name.strip(), re.IGNORECASE) is not None


#: LaTeX for the characters that are special inside a braced BibTeX field. Braces and the backslash become
#: commands with balanced braces: BibTeX counts braces even after a backslash, so ``\{`` would unbalance it.
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                   "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                   "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bibtex_escape(text: Any) -> str:
    r"""A field value safe inside ``{…}``: one line, LaTeX specials escaped, braces balanced.

    >>> print(_bibtex_escape("x},note={evil \\ 100% A&B\nnext"))
    x\textbraceright{},note=\textbraceleft{}evil \textbackslash{} 100\% A\&B next
    """
    return re.sub(r"[\\{}&%$#_~^]", lambda m: _BIBTEX_ESCAPES[m.group()], _fold(text))


def _bibtex_verbatim(text: Any) -> str:
    r"""A doi or url for BibTeX, whose styles print them verbatim: one line, no braces or backslashes.

    >>> _bibtex_verbatim("10.1234/x},note={evil\\")
    '10.1234/x,note=evil'
    """
    return re.sub(r"[{}\\]", "", _fold(text))


def _bibtex_key(sid: str) -> str:
    """A citation key: the study id with anything but letters, digits and ``-_:.+/`` replaced by ``-``."""
    return re.sub(r"[^A-Za-z0-9_:.+/-]", "-", _fold(sid)) or "study"


def _bibtex(H: nx.Graph, G: nx.MultiDiGraph | None) -> bytes:
    entries = []
    for sid, a in studies_of(H, G).items():
        # a name holding "and" (an organisation) is braced, so BibTeX does not split it into two people
        authors = [(f"{{{n}}}" if re.search(r"\band\b", n, re.IGNORECASE) else n)
                   for n in (_bibtex_escape(p) for p in _authors(a) if not _et_al(p))]
        if authors and len(authors) < len(_authors(a)):
            authors.append("others")  # BibTeX's "and others" (et al.); "et al." would be read as a person
        fields = [("author", " and ".join(authors)), ("title", a.get("title")),
                  ("journal" if a.get("venue") else "howpublished", a.get("venue")), ("year", a.get("year")),
                  ("volume", a.get("volume")), ("number", a.get("issue")), ("pages", str(a.get("pages") or "")
                                                                          .replace("-", "--").replace("–", "--")),
                  ("doi", _doi(a)), ("url", safe_url(a.get("url"))), ("note", a.get("design"))]
        values = [(k, v if k == "author" else _bibtex_verbatim(v) if k in ("doi", "url") else _bibtex_escape(v))
                  for k, v in fields if v not in (None, "")]
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in values if v)
        entries.append(f"@{'article' if a.get('venue') else 'misc'}{{{_bibtex_key(sid)},\n{body}\n}}\n")
    return "\n".join(entries).encode()


def _ris(H: nx.Graph, G: nx.MultiDiGraph | None) -> bytes:
    out = []
    for sid, a in studies_of(H, G).items():
        lines = [("TY", "JOUR" if a.get("venue") else "GEN"), ("ID", sid)]
        lines += [("AU", au) for au in _authors(a) if not _et_al(au)]  # "et al." is no person
        pages = re.split(r"[-–]+", str(a.get("pages") or ""), maxsplit=1)
        lines += [("TI", a.get("title")), ("T2", a.get("venue")), ("PY", a.get("year")), ("VL", a.get("volume")),
                  ("IS", a.get("issue")), ("SP", pages[0]), ("EP", pages[1] if len(pages) > 1 else ""),
                  ("DO", _doi(a)), ("UR", safe_url(a.get("url"))), ("N1", a.get("design"))]
        lines = [(k, _fold(v)) for k, v in lines if v not in (None, "")]  # a line break would start a new tag
        out += [f"{k}  - {v}" for k, v in lines if v] + ["ER  - ", ""]
    return "\n".join(out).encode()
