"""Scalar values and XML-safe, one-line text for the formats without lists, and the edge rows every writer reads."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

__all__ = ["LIST_SEP", "flatten_value"]

#: What joins a list's items where a format holds only scalars (Neo4j arrays use ``;``).
LIST_SEP = "|"


def flatten_value(value: Any, sep: str = LIST_SEP) -> str | int | float | bool:
    """A scalar for formats without lists: lists joined by *sep*, dicts as JSON, ``None`` as ''.

    >>> flatten_value(["SE", "NO"]), flatten_value({"SE": ["text"]}), flatten_value(None), flatten_value(3)
    ('SE|NO', '{"SE": ["text"]}', '', 3)
    """
    if isinstance(value, list | tuple | set):
        return sep.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _list_attributes(H: nx.Graph) -> list[str]:
    names = {k for _, a in H.nodes(data=True) for k, v in a.items() if isinstance(v, list | tuple | set)}
    names |= {k for *_, a in H.edges(data=True) for k, v in a.items() if isinstance(v, list | tuple | set)}
    return sorted(names)


#: Characters XML 1.0 forbids, plus the control characters it merely discourages (DEL, C1) and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: Any) -> Any:
    r"""*value* with the characters XML 1.0 cannot carry dropped (strings only; numbers and booleans as they are).

    >>> _xml_text("a\x00b\x1bc\x7f\ud800d\tok"), _xml_text(-1.5)
    ('abcd\tok', -1.5)
    """
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _flat_graph(H: nx.Graph, sep: str = LIST_SEP) -> nx.Graph:
    """A copy of *H* (as a multigraph when *H* is one) with every attribute value a scalar fit for XML.

    Node ids, edge keys, attribute names and string values lose the characters XML 1.0 cannot carry.
    """
    def attrs(a: dict) -> dict:
        return {_xml_text(str(k)): _xml_text(flatten_value(v, sep)) for k, v in a.items()}

    F = H.__class__()
    F.graph.update(attrs(H.graph))
    F.graph["list_attributes"] = _xml_text(sep.join(_list_attributes(H)))
    F.add_nodes_from((_xml_text(n), attrs(a)) for n, a in H.nodes(data=True))
    if H.is_multigraph():
        F.add_edges_from((_xml_text(u), _xml_text(v), _xml_text(str(k)), attrs(a))
                         for u, v, k, a in H.edges(keys=True, data=True))
    else:
        F.add_edges_from((_xml_text(u), _xml_text(v), attrs(a)) for u, v, a in H.edges(data=True))
    return F


def _edge_rows(H: nx.Graph):
    """(source, target, key, attrs) for every edge; key is '' for simple graphs."""
    if H.is_multigraph():
        yield from H.edges(keys=True, data=True)
    else:
        for u, v, a in H.edges(data=True):
            yield u, v, "", a


def _fold(text: Any) -> str:
    r"""*text* on one line: every run of whitespace or control characters becomes one space.

    >>> _fold(" a\r\nb\x00\tc\u2028d ")
    'a b c d'
    """
    return re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", " ", str(text)).strip()
