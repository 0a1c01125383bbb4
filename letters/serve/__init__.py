"""The live preview server (``letters serve``): the campaign's documents, re-rendered as their inputs change."""
