"""Sources: where the graph comes from and how it becomes the model. Files and folders
(``load``, the fast parse in ``fastparse``/``splitparse``, ``cache``), spreadsheet tables
(``tables``), a SPARQL store (``store``, over ``store_http``), synthetic data (``synth``) and
SHACL validation of what comes in (``validate``). Sources import only the model."""
