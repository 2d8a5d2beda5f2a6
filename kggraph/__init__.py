"""kggraph: a knowledge graph of the Norwegian ministries' core groups (kjernegrupper).

Data flows one way: ``load`` (RDF) → ``model`` (plain records) → ``view`` (networkx)
→ analyses (``queries``, ``checks``) that return rows or findings → ``render``.
Nothing in the library prints.
"""

__version__ = "0.1.0"
