"""Runtime language data: language codes, plural rules, catalogs and forms of address."""
