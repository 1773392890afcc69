"""Pure parsers: bytes/text in, rows with their source position and findings out. No Django here."""
