"""Reading any spreadsheet safely, as every importer does: limits checked before a file is
inflated, readers for xlsx/xls/ods/csv, header synonyms, cell values as streets type them, the
problem report. Flask-free: the command line reads the limits for its --help."""
