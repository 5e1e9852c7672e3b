"""One-to-one matching, deterministic, used by every metric that pairs gold with predicted items.

* `interval_matching`: a maximum matching between two sets of pairwise non-overlapping intervals in which
  a gold and a predicted interval may be paired when they overlap. Greedy from the left: each gold
  interval, in text order, takes the leftmost still-free predicted interval that overlaps it. On
  non-overlapping intervals this is maximum (the leftmost overlapping interval is also the one that ends
  first), and an exact-boundary pair is always matched to itself.
* `bipartite_matching`: a maximum matching for an arbitrary compatibility relation (Kuhn's augmenting
  paths). Left items are visited in the order given; each takes its first free candidate in the order
  given and only when none is free re-routes an earlier item along an augmenting path, so among maximum
  matchings the result prefers earlier pairs. Callers pass text order (ties by position).
"""

from __future__ import annotations

from typing import Callable, Sequence


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Half-open spans share at least one character."""
    return a_start < b_end and b_start < a_end


def interval_matching(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index). Both inputs are half-open (start, end) spans, each set free of
    overlaps; they need not be sorted."""
    g_order = sorted(range(len(gold)), key=lambda i: gold[i])
    p_order = sorted(range(len(pred)), key=lambda i: pred[i])
    pairs = []
    j, m = 0, len(p_order)
    for gi in g_order:
        gs, ge = gold[gi]
        # Predicted spans ending at or before this gold start can overlap no later gold span either.
        while j < m and pred[p_order[j]][1] <= gs:
            j += 1
        if j < m and pred[p_order[j]][0] < ge:
            pairs.append((gi, p_order[j]))
            j += 1
    return pairs


def bipartite_matching(n_left: int, n_right: int, compatible: Callable[[int, int], bool],
                       left_order: Sequence[int] | None = None,
                       right_order: Sequence[int] | None = None) -> list[tuple[int, int]]:
    """Maximum one-to-one matching; returns (left, right) pairs sorted by left index."""
    left_order = list(range(n_left)) if left_order is None else list(left_order)
    right_order = list(range(n_right)) if right_order is None else list(right_order)
    candidates = {i: [j for j in right_order if compatible(i, j)] for i in left_order}
    owner: dict[int, int] = {}  # right -> left

    def augment(i: int, seen: set[int]) -> bool:
        # A free candidate first (so earlier items keep their earlier partners), else re-route an owner.
        for j in candidates[i]:
            if j not in owner:
                owner[j] = i
                return True
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in left_order:
        if candidates[i]:
            augment(i, set())
    return sorted((i, j) for j, i in owner.items())
