"""The maths of a finite mixture of MBG/NBD classes (the latent-class MBG/NBD of
:mod:`crm_lib.ltv.latent_class`): its parameter layout, likelihood and class posterior.

    L(x, t_x, T) = Σ_k π_k L_MBG(x, t_x, T | r_k, α_k, a_k, b_k)

Parameters: per class r, alpha, a, b (suffix ``_k``, classes 1 ... K) and, for k ≥ 2,
``odds_k`` = π_k / π_1: the softmax with class 1 as reference, so every parameter is
positive and fitted on the log scale as the other models' are.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from crm_lib.ltv.bgnbd import beta_geometric_terms

CLASS_PARAMS = ("r", "alpha", "a", "b")  # each class's MBG/NBD parameters
PROCESS = "latent_class"  # the model's code (tables, metrics, predictive processes)


def parameter_names(n_classes: int) -> tuple[str, ...]:
    """Parameter names of a K-class mixture, in the order of ``log_params_covariance_``."""
    per_class = [f"{p}_{k}" for k in range(1, n_classes + 1) for p in CLASS_PARAMS]
    return (*per_class, *(f"odds_{k}" for k in range(2, n_classes + 1)))


def classes_of(params) -> int:
    """The number of classes of a parameter dict or vector (5K − 1 entries)."""
    return (len(params) + 1) // 5


def base_name(name: str) -> str:
    """``r_2`` -> ``r``, ``odds_3`` -> ``odds``; other names unchanged."""
    head, _, tail = name.rpartition("_")
    return head if head and tail.isdigit() else name


def split_params(params: Mapping[str, float]) -> tuple[list[dict[str, float]], np.ndarray]:
    """Each class's MBG/NBD parameters (dicts of r, alpha, a, b) and the shares π_k."""
    k = classes_of(params)
    classes = [{p: float(params[f"{p}_{j}"]) for p in CLASS_PARAMS} for j in range(1, k + 1)]
    odds = np.array([1.0, *(float(params[f"odds_{j}"]) for j in range(2, k + 1))])
    return classes, odds / odds.sum()


def mixture_terms(values, x, t_x, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-likelihood of each history under the mixture with parameter vector ``values``
    (:func:`parameter_names` order), its gradient in the log-parameters (n, 5K − 1) and
    the posterior class probabilities (K, n). The gradient: P(k | history) times class k's
    MBG/NBD gradient, and P(k | history) − π_k for log odds_k."""
    values = np.asarray(values, dtype=float)
    k = classes_of(values)
    theta = values[: 4 * k].reshape(k, 4)
    odds = np.concatenate([[1.0], values[4 * k :]])
    log_pi = np.log(odds) - np.log(odds.sum())
    parts = [beta_geometric_terms(theta[j], x, t_x, T, shift=1) for j in range(k)]
    joint = np.array([ll for ll, _ in parts]) + log_pi[:, None]  # (K, n)
    top = joint.max(axis=0)
    post = np.exp(joint - top)
    total = post.sum(axis=0)
    post /= total
    grads = [post[j][:, None] * g for j, (_, g) in enumerate(parts)]
    d_odds = [post[j] - np.exp(log_pi[j]) for j in range(1, k)]
    return top + np.log(total), np.column_stack([*grads, *d_odds]), post


def class_posterior(params: Mapping[str, float], frequency, recency, T) -> np.ndarray:
    """P(class k | history) of each history, shape (K, n): π_k L_k normalised."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    values = [params[n] for n in parameter_names(classes_of(params))]
    return mixture_terms(values, x, t_x, T)[2]
