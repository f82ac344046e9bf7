"""Command line and settings for the regional news ETL (see newsetl.cli)."""
