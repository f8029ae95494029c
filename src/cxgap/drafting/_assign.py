"""One-to-one pairs of greatest total score: the linear assignment problem, in numpy.

The shortest-augmenting-path form of the Hungarian algorithm (Kuhn 1955, Munkres 1957; the
O(n^2 m) version with row and column potentials, as in Jonker & Volgenant 1987): each row in
turn is added along the cheapest path of alternating edges, the potentials keeping reduced
costs non-negative. The inner scan over columns is vectorised. It gives the same optimum as
``scipy.optimize.linear_sum_assignment`` (the tests compare them), without importing
``scipy.optimize``, which takes seconds on a busy machine for what is here a 100-by-100 table.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def assign(scores: npt.NDArray[np.float64]) -> list[tuple[int, int]]:
    """The (row, column) pairs, each row and column at most once, of greatest total score
    (``min(rows, columns)`` pairs), sorted by row."""
    if scores.size == 0:
        return []
    if scores.shape[0] > scores.shape[1]:
        return sorted((i, j) for j, i in assign(scores.T))
    cost = scores.max() - scores  # minimise: non-negative costs
    n, m = cost.shape
    u, v = np.zeros(n + 1), np.zeros(m + 1)
    owner = np.zeros(m + 1, dtype=np.intp)  # owner[j]: the row (1-based) on column j, 0: none
    way = np.zeros(m + 1, dtype=np.intp)
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        least = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            row = owner[j0]
            reduced = cost[row - 1] - u[row] - v[1:]
            free = ~used[1:]
            better = free & (reduced < least[1:])
            least[1:][better] = reduced[better]
            way[1:][better] = j0
            masked = np.where(free, least[1:], np.inf)
            j1 = int(np.argmin(masked)) + 1
            delta = masked[j1 - 1]
            u[owner[used]] += delta
            v[used] -= delta
            least[1:][free] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sorted((int(owner[j]) - 1, j - 1) for j in range(1, m + 1) if owner[j])
