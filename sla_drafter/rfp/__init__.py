"""The buyers' workflow: requirements profiles, the RFP section, the bidder response matrix,
and comparing vendors' SLAs against the requirements.

    reqs = load_requirements("requirements.yaml")      # one-line errors, like a spec
    report = compare_documents(reqs, ["vendor_a.pdf"])  # met / exceeded / weaker / missing / unclear

Parts: `requirements` (schema and model), `derive` (spec -> requirements), `compare`
(vendor document -> statuses), `report` (human, JSON, HTML), `matrix` (XLSX) and
`section` (the RFP section through the drafting renderers).
"""

from __future__ import annotations
