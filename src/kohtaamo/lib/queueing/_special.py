"""Log-space special functions behind the Erlang formulas.

Textbook Erlang formulas are written with ``A**n / n!``, which overflows a double at a few hundred
agents. Every quantity here is instead expressed through two sums that stay finite in log space:

* ``R(n, A) = 1/B(n, A) - 1 = sum_{j=1..n} n!/(n-j)! / A**j`` (Erlang B's inverse, minus one), and
* ``M(a, z) = 1F1(1; a+1; z) = sum_{j>=0} z**j / ((a+1)(a+2)...(a+j))`` (Kummer's function), the
  queue-side sum of the M/M/n+M (Erlang A) birth-death chain.

Both have closed forms in regularised incomplete gamma functions, which scipy evaluates accurately in
O(1) time for any size, so a whole year of intervals is evaluated in one vectorised call. Where the
closed form would underflow (the incomplete gamma is below ~1e-200, deep in an overloaded or hugely
overstaffed tail) the sum itself converges geometrically, so it is summed directly instead.
"""

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

# Below this the incomplete gamma function is too close to underflow for its logarithm to be trusted.
_TINY = 1e-200
# The direct sums stop once the next term no longer changes a double.
_SERIES_RTOL = 1e-17
# A geometric ratio of 1 - 1e-4 needs ~4e5 terms for full precision; nothing realistic comes close.
_MAX_TERMS = 1_000_000


def _sum_series(
    first: NDArray[np.float64], ratio: Callable[[int, NDArray[np.intp]], NDArray[np.float64]]
) -> NDArray[np.float64]:
    """Sum ``first * prod ratio(j)`` over j=1,2,... elementwise, iterating only on unconverged entries.

    ``ratio(j, idx)`` returns the factor turning term j-1 into term j for the entries ``idx``. The
    active set shrinks as entries converge, so one slow entry does not make the whole array pay.
    """
    term = first.astype(np.float64, copy=True)
    total = term.copy()
    active = np.flatnonzero(term > 0)
    j = 1
    while active.size and j < _MAX_TERMS:
        term[active] *= ratio(j, active)
        total[active] += term[active]
        keep = term[active] > _SERIES_RTOL * total[active]
        active = active[keep]
        j += 1
    return total


def log_erlang_ratio(agents: ArrayLike, load: ArrayLike) -> NDArray[np.float64]:
    """Return ``log(1/B(n, A) - 1)`` where B is Erlang B with ``n`` agents and ``A`` Erlangs.

    The closed form is ``A - n log A + log n! + log Q(n, A)`` with Q the regularised upper incomplete
    gamma function (``Q(n, A) = P(Poisson(A) <= n-1)``). When ``n`` is far below ``A`` that
    probability underflows, but then ``sum_j n!/(n-j)!/A**j`` shrinks at least as fast as
    ``(n/A)**j`` and is summed directly. ``n = 0`` gives ``-inf`` (B = 1). ``load`` must be > 0.
    """
    n, a = np.broadcast_arrays(np.asarray(agents, dtype=np.float64), np.asarray(load, dtype=np.float64))
    n = n.ravel()
    a = a.ravel()
    out = np.empty(n.shape, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = special.gammaincc(n, a)
        closed = (q > _TINY) & (n >= 0.5 * a) & (n > 0)
        out[closed] = a[closed] - n[closed] * np.log(a[closed]) + special.gammaln(n[closed] + 1) + np.log(q[closed])
        rest = np.flatnonzero(~closed)
        if rest.size:
            nr, ar = n[rest], a[rest]
            total = _sum_series(nr / ar, lambda j, idx: np.maximum(nr[idx] - j, 0.0) / ar[idx])
            out[rest] = np.log(total)
    return out.reshape(np.broadcast(np.asarray(agents), np.asarray(load)).shape)


def log_kummer(a: ArrayLike, z: ArrayLike) -> NDArray[np.float64]:
    """Return ``log M(a, z)`` with ``M(a, z) = 1F1(1; a+1; z) = sum_j z**j / ((a+1)...(a+j))``.

    Closed form: ``M = a e**z z**-a Gamma(a) P(a, z)`` with P the regularised lower incomplete gamma
    function. When ``z`` is well below ``a`` (P underflows, or the series converges at least as fast
    as ``2**-j``) the sum is taken directly, which also keeps ``M - 1`` exact when M is close to 1.
    Requires ``a > 0`` and ``z >= 0``.
    """
    aa, zz = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(z, dtype=np.float64))
    shape = aa.shape
    aa = aa.ravel()
    zz = zz.ravel()
    out = np.empty(aa.shape, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = special.gammainc(aa, zz)
        closed = (p > _TINY) & (zz >= 0.5 * (aa + 1.0))
        ac, zc = aa[closed], zz[closed]
        out[closed] = np.log(ac) + zc - ac * np.log(zc) + special.gammaln(ac) + np.log(p[closed])
        rest = np.flatnonzero(~closed)
        if rest.size:
            ar, zr = aa[rest], zz[rest]
            total = _sum_series(np.ones(rest.size), lambda j, idx: zr[idx] / (ar[idx] + j))
            out[rest] = np.log(total)
    return out.reshape(shape)
