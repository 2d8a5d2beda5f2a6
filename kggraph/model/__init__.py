"""The model: plain records of organisations, structures and memberships (``records``), dates
with precision and bounds (``dates``), the one name resolver (``names``), the vocabulary
(``namespaces``) and the typed networkx view on a date (``view``). It imports no other layer."""
