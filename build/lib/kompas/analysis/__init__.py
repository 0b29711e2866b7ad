"""Analysis: the verdict rule, wave-pair families, comparisons, breakdowns, findings, review changes and graph checks."""
