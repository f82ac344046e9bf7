"""What particular Chinese CMSs do, one module per CMS: Founder (方正) e-papers in founder.py,
Hanweb (大汉) government sites in hanweb.py. The generic extractor (transform/html) asks these
modules and never spells a CMS's markup itself, so a new CMS is one new module here.
"""
