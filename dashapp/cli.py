"""``pswgraph serve``: the explorer's sub-command, a plug-in of :mod:`graph.cli.commands`.

``pyproject.toml`` registers :func:`configure_serve` in the ``pswgraph.commands``
entry-point group; ``graph.cli.commands`` calls it with the ``serve`` sub-parser only when
that command is used or the command list is shown, so other commands never import Dash.
"""

from __future__ import annotations

import argparse
import sys

import graph
from graph.cli.help import examples

from .app import create_app

__all__ = ["configure_serve", "serve"]


def configure_serve(p: argparse.ArgumentParser) -> None:
    """Give the ``serve`` sub-parser *p* its description, options and examples."""
    p.description = ("open the interactive explorer in the browser (Dash)\n\n"
                     "Serve the explorer over a data package on http://HOST:PORT/ until Ctrl+C.\n"
                     "For production: pip install 'pswgraph[serve]', then\n"
                     "  gunicorn -w 2 -b 127.0.0.1:8050 dashapp.wsgi:server\n"
                     "(PSWGRAPH_DATA selects the data; see README, Deploying).\n"
                     "Invalid data does not stop the server: it shows the problems until the files are fixed.")
    p.epilog = examples("pswgraph serve", "pswgraph serve --port 8080 --data ~/my-package",
                        "pswgraph serve --host 0.0.0.0 --debug")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    p.add_argument("--port", type=int, default=8050, help="port to listen on")
    p.add_argument("--data", default=argparse.SUPPRESS, metavar="DIR", help="data package folder (default: the bundled data)")
    p.add_argument("--debug", action="store_true", help="Dash debug mode (reloader, error pop-ups); off unless given")
    p.set_defaults(func=serve)


def serve(args: argparse.Namespace) -> int:
    """Run the explorer until interrupted."""
    app = create_app(args.data)
    try:
        graph.load_graph(args.data)
    except graph.DataError as err:
        print(f"warning: {err}\nServing a page that lists these problems until the data is fixed.", file=sys.stderr)
    print(f"pswgraph explorer on http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0
