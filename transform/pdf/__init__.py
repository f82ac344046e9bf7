"""Page PDFs: the layout shapes (pdf.shapes), the reader that fills them from the file's
characters, rules and boxes (pdf.reader), and their turn into articles (pdf.articles)."""
