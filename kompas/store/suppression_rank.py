"""The rank test of the small-group rule: can any hidden figure be worked out from the published ones?

The figures of one indicator are tied by linear equations, ``margin = part_1 + ... + part_k`` (a total and
its groups; a row or column of a pair of factors and its margin; a gemeente and its wijken; a year and its
quarters; see ``kompas.store.suppression.equations``). Percentages and scores tie in the same way through
``value × n`` and ``n`` (weighted sums), so one test covers every unit. Write all equations as ``A x = 0``
(+1 for the margin, −1 for each part) and split the figures in hidden (H) and published (P):
``A_H x_H = −A_P x_P``, where the right-hand side is known to anyone. A hidden figure ``x_i`` follows
exactly from what is published if and only if the unit vector ``e_i`` lies in the row space of ``A_H``;
equivalently, if every vector of the null space of ``A_H`` is 0 at ``i`` (``determined``). Hidden figures
that share no equation cannot help to solve each other, so the test runs per connected group of hidden
figures (``components``), which keeps it small: one singular value decomposition per group.

This is the audit step of the Gaussian-elimination method of secondary suppression (Langsrud, "Secondary
cell suppression by Gaussian elimination: an algorithm suitable for handling issues of zeros and
singletons", Statistics Norway, 2024, doi:10.1007/978-3-031-69651-0_6; R package GaussSuppression) and of
the "linear dependency" audit in τ-Argus and sdcTable (Hundepool et al., *Statistical Disclosure Control*,
Wiley 2012, §5.5–5.6, doi:10.1002/9781118348239). No maintained Python package does this (checked
November 2026: sdcTable, sdcMicro and GaussSuppression are R; τ-Argus is a Java program), hence this
module. What it does not do: it proves that no hidden figure is known *exactly*; like the rule of
sdcTable's ``GAUSS`` method it does not compute how narrow the interval of a hidden count is when the
published figures and ``x ≥ 0`` are combined (τ-Argus' protection intervals, by linear programming).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

Equation = tuple[int | None, list[int]]  # (margin position or None, part positions)
TOLERANCE = 1e-9


def _rows(equations: list[Equation]) -> list[dict[int, float]]:
    """Each equation with a stored margin as {position: coefficient}; without its margin an equation says
    nothing that is published (the sum is unknown)."""
    found = []
    for margin, parts in equations:
        if margin is None:
            continue
        row: dict[int, float] = defaultdict(float)
        row[margin] += 1.0
        for p in parts:
            row[p] -= 1.0
        found.append(dict(row))
    return found


def components(rows: list[dict[int, float]], hidden: list[bool]) -> list[tuple[list[int], list[int]]]:
    """The connected groups of hidden figures: (hidden positions, indexes of the equations that hold them)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in rows:
        cells = [p for p in row if hidden[p]]
        for c in cells:
            find(c)
        for a, b in zip(cells, cells[1:]):
            parent[find(a)] = find(b)
    members: dict[int, list[int]] = defaultdict(list)
    for c in parent:
        members[find(c)].append(c)
    eqs: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        cells = [p for p in row if hidden[p]]
        if cells:
            eqs[find(cells[0])].append(index)
    return [(sorted(cells), eqs[root]) for root, cells in members.items()]


def determined(rows: list[dict[int, float]], cells: list[int], eq_indexes: list[int]) -> list[int]:
    """The hidden ``cells`` (one connected group) whose value follows exactly from the published figures:
    those at which every null-space vector of ``A_H`` is zero."""
    if not eq_indexes:
        return []
    column = {c: j for j, c in enumerate(cells)}
    matrix = np.zeros((len(eq_indexes), len(cells)))
    for i, index in enumerate(eq_indexes):
        for p, coefficient in rows[index].items():
            if p in column:
                matrix[i, column[p]] = coefficient
    _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > TOLERANCE * max(matrix.shape)).sum())
    null = vt[rank:].T  # columns span the null space of A_H
    if null.shape[1] == 0:
        return list(cells)
    return [c for c, j in column.items() if np.abs(null[j]).max() < 1e-8]


def exposed(equations: list[Equation], hidden: list[bool]) -> list[int]:
    """Every hidden position whose value follows exactly from the published figures (sorted)."""
    rows = _rows(equations)
    found = []
    for cells, eq_indexes in components(rows, hidden):
        found += determined(rows, cells, eq_indexes)
    return sorted(found)


def protect(equations: list[Equation], hidden: list[bool], order: list[int]) -> list[bool]:
    """``hidden`` plus the published figures that must be hidden too so that no hidden figure is determined.

    While a hidden figure is determined, hide one published figure that shares an equation with it: the first
    in ``order`` (smallest n first) whose hiding frees that figure, else the first candidate. Each step hides
    one more figure, so this ends; only the connected group that changed is tested again."""
    rows = _rows(equations)
    hide = list(hidden)
    rank = {pos: r for r, pos in enumerate(order)}
    by_cell: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        for p in row:
            by_cell[p].append(index)
    pending = {c for cells, eqs in components(rows, hide) for c in determined(rows, cells, eqs)}
    while pending:
        cell = min(pending)
        candidates = sorted({p for index in by_cell[cell] for p in rows[index] if not hide[p]}, key=rank.__getitem__)
        if not candidates:  # cannot happen for a determined figure (it has a published neighbour); never loop
            pending.discard(cell)
            continue
        choice = candidates[0]
        for candidate in candidates[:8]:
            hide[candidate] = True
            freed = cell not in determined(rows, *_group(rows, by_cell, hide, cell))
            hide[candidate] = False
            if freed:
                choice = candidate
                break
        hide[choice] = True
        cells, eqs = _group(rows, by_cell, hide, cell)
        pending = (pending - set(cells)) | set(determined(rows, cells, eqs))
    return hide


def _group(
    rows: list[dict[int, float]], by_cell: dict[int, list[int]], hide: list[bool], cell: int
) -> tuple[list[int], list[int]]:
    """The connected group of hidden figures that holds ``cell``, and its equations (as ``components``)."""
    seen, eqs, todo = {cell}, set(), [cell]
    while todo:
        current = todo.pop()
        for index in by_cell[current]:
            if index in eqs:
                continue
            eqs.add(index)
            for p in rows[index]:
                if hide[p] and p not in seen:
                    seen.add(p)
                    todo.append(p)
    return sorted(seen), sorted(eqs)
