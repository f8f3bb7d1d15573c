"""Curation: from an article to candidate facts, reconciled with what the graph knows.

Headless and offline. The steps, each usable alone:

- :mod:`.intake` ``read_document(path, max_bytes=...)`` / ``parse_document(bytes, ...)`` /
  ``parse_text`` / ``parse_html`` / ``parse_pdf`` -> :class:`~.intake.Document`
- :mod:`.extract` ``propose(document, gazetteer=matcher)`` -> :class:`~.model.Proposal`
  (the rules behind it: :mod:`.names`, :mod:`.mentions`, :mod:`.facts`, :mod:`.events`,
  :mod:`.structure`, :mod:`.role_phrases`, :mod:`.claims`, over the words of :mod:`.patterns`)
- :mod:`.match` ``Matcher.for_store(store)`` (one index per store generation), ``.match(name)``,
  ``.best(name)``, ``.mint(kind, name)``
- :mod:`.reconcile` ``reconcile(proposal, matcher)`` -> :class:`~.reconcile.Reconciliation`
- :mod:`.evaluate` ``score(proposal, expected)`` -> :class:`~.evaluate.Score`
- :mod:`.roles` the one table from role keys to the ontology's predicates

Nothing here writes into ``graph/``.
"""
