"""``python -m graph.cli``: the same as the ``pswgraph`` command."""

import sys

from graph.cli.commands import main

sys.exit(main())
