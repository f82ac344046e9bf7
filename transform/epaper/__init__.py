"""E-paper pages: items of a page (epaper.items) and their assembly into articles
(epaper.assemble), shared by text dumps and page PDFs."""
