"""edgraph: a knowledge graph of education networks and partnerships.

The core package is headless: it never imports Flask or pyvis, and importing it does no work.
"""

from __future__ import annotations

__version__ = "0.1.0"
