"""HTML pages: DOM flattening and block scoring (html.dom), metadata signals and their
choice (html.signals, html.metadata), per-source CSS rules (html.select), listing pages
(html.listing) and the extractor that ties them (html.extract)."""
