"""``python -m edgraph`` runs the command line."""

from edgraph.cli import main

main()
