"""Mentions in article bodies: money and quantities (enrich.money), places with GB/T 2260
codes (enrich.places, gazetteer in enrich/data), organisations and projects (enrich.orgs),
clause boundaries (enrich.sentences) and the rows that tie them (enrich.mentions)."""
