"""NumPy side of the `runner` benchmark group (bench/groups/runner.ts), issue 7 "Performance".

Same JSON protocol, timing rule and BLAS reporting as bench/numpy_linalg.py (whose `main` and `OPS`
table this script reuses). It adds one op, the per-point computation of the runner benchmark's
sweep, written the way a NumPy user would:

- sweep_point: full-batch GD of a two-layer linear network W = W2 W1 on a whitened task (Σ_xx = I)
  with simultaneous updates, E = S − W2 W1, W1 += η W2ᵀE, W2 += η E W1ᵀ (both from the weights
  before the step), for `steps` steps, recording every `every` steps (and the last) what lazyrich's
  run records for a linear network: the loss ½‖W − S‖²_F, the singular values of W and the balance
  drift ‖D(t) − D(0)‖_F with D = W2ᵀW2 − W1W1ᵀ; then the relative weight change. The summary is
  the loss series.

`python3 bench/numpy_runner.py --rate <job.json>` prints the points per second of repeated calls
(one process, for the summary line of the group).
"""
import json
import sys
import time

import numpy as np

from numpy_linalg import OPS, main


def sweep_point_run(W1_0, W2_0, S, eta, steps, every):
    W1, W2 = W1_0.copy(), W2_0.copy()
    D0 = W2.T @ W2 - W1 @ W1.T
    losses, svals, drift = [], [], []

    def record():
        W = W2 @ W1
        losses.append(0.5 * float(np.sum((W - S) ** 2)))
        svals.append(np.linalg.svd(W, compute_uv=False))
        drift.append(float(np.linalg.norm(W2.T @ W2 - W1 @ W1.T - D0)))

    record()
    for k in range(1, steps + 1):
        E = S - W2 @ W1
        dW1 = W2.T @ E
        dW2 = E @ W1.T
        W1 += eta * dW1
        W2 += eta * dW2
        if k % every == 0 or k == steps:
            record()
    change = np.sqrt(np.sum((W1 - W1_0) ** 2) + np.sum((W2 - W2_0) ** 2)) / np.sqrt(np.sum(W1_0**2) + np.sum(W2_0**2))
    return np.array(losses), svals, drift, change


def op_sweep_point(inputs, params):
    W1, W2, S = inputs["W1"], inputs["W2"], inputs["S"]
    eta, steps, every = float(params["eta"]), int(params["steps"]), int(params["every"])
    return (lambda: sweep_point_run(W1, W2, S, eta, steps, every)), (lambda r: r[0])


OPS.update({"sweep_point": op_sweep_point})


def rate(path, seconds=2.0):
    job = json.load(open(path))
    inputs = {k: np.load(v) for k, v in job["inputs"].items()}
    run, _ = OPS[job["op"]](inputs, job["params"])
    run()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        run()
        n += 1
    print(json.dumps({"pointsPerSecond": n / (time.perf_counter() - t0), "points": n}))


if __name__ == "__main__":
    if "--rate" in sys.argv[1:]:
        rate(sys.argv[sys.argv.index("--rate") + 1])
    else:
        main()
