"""Firm–government interaction (政企互动): notices to firms and their receipts, questions."""
