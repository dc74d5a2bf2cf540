"""NumPy side of the `mixed` benchmark group (bench/groups/mixed.ts), issue 5 "Performance".

Same JSON protocol, timing rule and BLAS reporting as bench/numpy_linalg.py (whose `main` and `OPS`
table this script reuses); it only adds the ops of Tu, Aranguri & Jacot's Fig. 1 (spec
mixed-and-three-mechanisms.md §A.1–A.3, §C), written the way a NumPy user would:

- mixed_fig1: the authors' GD (sequential update: W1 first, W2's update uses the new W1, both with
  the G computed before) on A = W2 W1 for `steps` iterations, recording the train and test error
  ‖A − Y‖²/d², ‖A − A*‖²/d² and the singular values of A at n = 0 … steps (A = W2 @ W1 is formed
  once per iteration and serves the record and the gradient), then `steps` Euler steps of (1) from
  the same A(0) (see mixed_euler);
- mixed_euler: explicit Euler of the self-consistent dynamics (1) with step η in the per-entry form
  of §C, dA = −U[(√(s_i²+c²) + √(s_j²+c²)) ⊙ (Uᵀ(A − Y)V)]Vᵀ with one full SVD per step; errors and
  singular values of the states 0 … steps (the step's SVD gives them; one more SVD for the last).

Each op's summary is the train errors then the test errors of every record (GD first, then (1)).
"""
import numpy as np

from numpy_linalg import OPS, main


def _errors(A, Y, Astar):
    n = A.size
    return float(np.sum((A - Y) ** 2) / n), float(np.sum((A - Astar) ** 2) / n)


def gd_run(W1_0, W2_0, Y, Astar, eta, steps):
    W1, W2 = W1_0.copy(), W2_0.copy()
    train, test, svals = [], [], []
    for n in range(steps + 1):
        A = W2 @ W1
        tr, te = _errors(A, Y, Astar)
        train.append(tr)
        test.append(te)
        svals.append(np.linalg.svd(A, compute_uv=False))
        if n == steps:
            break
        G = A - Y
        W1 -= eta * (W2.T @ G)
        W2 -= eta * (G @ W1.T)
    return np.array(train), np.array(test), svals


def euler_run(A0, Y, Astar, eta, steps, c):
    B = A0.copy()
    train, test, svals = [], [], []
    for n in range(steps + 1):
        tr, te = _errors(B, Y, Astar)
        train.append(tr)
        test.append(te)
        if n == steps:
            svals.append(np.linalg.svd(B, compute_uv=False))
            break
        U, s, Vt = np.linalg.svd(B)
        svals.append(s)
        r = np.sqrt(s * s + c * c)
        K = r[:, None] + r[None, :]
        B = B - eta * (U @ (K * (U.T @ (B - Y) @ Vt.T)) @ Vt)
    return np.array(train), np.array(test), svals


def op_mixed_fig1(inputs, params):
    W1, W2, Y, Astar = inputs["W1"], inputs["W2"], inputs["Y"], inputs["Astar"]
    eta, steps, c = float(params["eta"]), int(params["steps"]), float(params["threshold"])

    def run():
        gd = gd_run(W1, W2, Y, Astar, eta, steps)
        sc = euler_run(W2 @ W1, Y, Astar, eta, steps, c)
        return gd, sc

    return run, (lambda r: np.concatenate((r[0][0], r[0][1], r[1][0], r[1][1])))


def op_mixed_euler(inputs, params):
    A0, Y, Astar = inputs["A0"], inputs["Y"], inputs["Astar"]
    eta, steps, c = float(params["eta"]), int(params["steps"]), float(params["threshold"])
    return (lambda: euler_run(A0, Y, Astar, eta, steps, c)), (lambda r: np.concatenate((r[0], r[1])))


OPS.update({"mixed_fig1": op_mixed_fig1, "mixed_euler": op_mixed_euler})

if __name__ == "__main__":
    main()
