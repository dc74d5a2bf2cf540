"""NumPy side of `npm run bench` (bench/run.ts): times the jobs it is given, in one process.

Protocol: a JSON object on stdin (with --stream: one such object per line, answered line by
line, so the caller can interleave NumPy and its own timings case by case), {"minSeconds": float, "maxReps": int, "jobs": [job...]}, where
a job is {"id": str, "op": str, "inputs": {name: path-to-.npy}, "params": {...}}. Prints one JSON
object on stdout: {"meta": {...}, "results": [{"id", "seconds", "reps", "cpuSeconds", "summary"} or
{"id", "error"}]}. Timing is the same rule as the TypeScript side: one warm-up call, then calls
until their total reaches minSeconds or maxReps calls were made; `seconds` is the best call.

To benchmark a new operation, add an entry to OPS: a function of (inputs, params) returning
(run, summarize) where run() does the whole operation and summarize(result) returns the short
vector the TypeScript check compares against (see BenchCheck.summary in bench/registry.ts).

bench/run.ts starts this script with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from the
environment: a core type or cache size forced for the system OpenBLAS would otherwise also steer
NumPy's bundled OpenBLAS to slower kernels.
"""
import ctypes
import glob
import json
import os
import platform
import sys
import time

import numpy as np


def op_matmul(inputs, params):
    A, B = inputs["A"], inputs["B"]
    C = np.empty((A.shape[0], B.shape[1]))
    return (lambda: np.matmul(A, B, out=C)), (lambda C: C.sum(axis=1))


def op_eigh(inputs, params):
    A = inputs["A"]
    return (lambda: np.linalg.eigh(A)), (lambda r: r[0])


def op_svd(inputs, params):
    A = inputs["A"]
    full = bool(params.get("full", False))
    return (lambda: np.linalg.svd(A, full_matrices=full)), (lambda r: r[1])


OPS = {"matmul": op_matmul, "eigh": op_eigh, "svd": op_svd}


# --- lazy-to-rich group (bench/groups/lazy-to-rich.ts): a two-layer linear network on a whitened task,
# inputs S = Σ_yx (N_o×N_i), W1 (N_h×N_i), W2 (N_o×N_h), T (1×K output times, units of τ).


def _l2r_rhs(S, shapes):
    (h, i), (o, _) = shapes
    n1 = h * i

    def rhs(t, y):
        W1 = y[:n1].reshape(h, i)
        W2 = y[n1:].reshape(o, h)
        E = S - W2 @ W1
        return np.concatenate(((W2.T @ E).ravel(), (E @ W1.T).ravel()))

    return rhs


def op_l2r_dop853(inputs, params):
    """Gradient flow with SciPy's DOP853 at (rtol, atol), reported at the times T (t_eval)."""
    from scipy.integrate import solve_ivp

    S, W1, W2, T = inputs["S"], inputs["W1"], inputs["W2"], inputs["T"].ravel()
    rhs = _l2r_rhs(S, (W1.shape, W2.shape))
    y0 = np.concatenate((W1.ravel(), W2.ravel()))
    n1 = W1.size
    rtol, atol = float(params["rtol"]), float(params["atol"])

    def solve(rt, at):
        return solve_ivp(rhs, (0.0, float(T[-1])), y0, method="DOP853", t_eval=T, rtol=rt, atol=at)

    def final_w(sol):
        y = sol.y[:, -1]
        return y[n1:].reshape(W2.shape) @ y[:n1].reshape(W1.shape)

    if params.get("summary") == "reference":
        # Untimed tight solve: W(T[-1]) row sums as an independent reference for the closed form.
        ref = final_w(solve(1e-13, 1e-15)).sum(axis=1)
        return (lambda: solve(rtol, atol)), (lambda sol: ref)
    return (lambda: solve(rtol, atol)), (lambda sol: np.zeros(0))


def op_l2r_gd(inputs, params):
    """Full-batch GD, simultaneous updates W1 += η W2ᵀE, W2 += η E W1ᵀ (E = S − W2W1), `steps` steps."""
    S, W1_0, W2_0 = inputs["S"], inputs["W1"], inputs["W2"]
    eta, steps = float(params["eta"]), int(params["steps"])

    def run():
        W1, W2 = W1_0.copy(), W2_0.copy()
        for _ in range(steps):
            E = S - W2 @ W1
            G1 = W2.T @ E
            W2 = W2 + eta * (E @ W1.T)
            W1 = W1 + eta * G1
        return W2 @ W1

    return run, (lambda W: W.sum(axis=1))


OPS.update({"l2r_dop853": op_l2r_dop853, "l2r_gd": op_l2r_gd})


def blas_info():
    """Thread count and configuration of NumPy's BLAS (threadpoolctl if present, else ctypes)."""
    try:
        import threadpoolctl  # optional

        for lib in threadpoolctl.threadpool_info():
            if lib.get("user_api") == "blas":
                return {"threads": lib.get("num_threads"), "config": f"{lib.get('internal_api')} {lib.get('version')} {lib.get('architecture')}"}
    except ImportError:
        pass
    libdir = os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs")
    for path in glob.glob(os.path.join(libdir, "*openblas*")):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        info = {}
        for name in ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads", "openblas_get_num_threads64_", "openblas_get_num_threads"):
            fn = getattr(lib, name, None)
            if fn is not None:
                info["threads"] = int(fn())
                break
        for name in ("scipy_openblas_get_config64_", "scipy_openblas_get_config", "openblas_get_config64_", "openblas_get_config"):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                info["config"] = fn().decode()
                break
        if info:
            return info
    return {"threads": None, "config": "unknown (no threadpoolctl, no bundled OpenBLAS found)"}


def time_best(run, min_seconds, max_reps):
    result = run()  # warm-up
    best, total, reps = float("inf"), 0.0, 0
    while reps < 1 or (total < min_seconds and reps < max_reps):
        t0 = time.perf_counter()
        result = run()
        dt = time.perf_counter() - t0
        best = min(best, dt)
        total += dt
        reps += 1
    return best, reps, result


def handle(request):
    min_seconds = float(request.get("minSeconds", 0.5))
    max_reps = int(request.get("maxReps", 10))
    results = []
    for job in request["jobs"]:
        try:
            op = OPS.get(job["op"])
            if op is None:
                raise KeyError(f"no NumPy op '{job['op']}' in {os.path.basename(__file__)} (known: {', '.join(sorted(OPS))})")
            cpu0 = time.process_time()
            inputs = {name: np.load(path, allow_pickle=False) for name, path in job["inputs"].items()}
            run, summarize = op(inputs, job.get("params") or {})
            seconds, reps, result = time_best(run, min_seconds, max_reps)
            summary = np.asarray(summarize(result), dtype=np.float64).ravel()
            cpu = time.process_time() - cpu0  # all threads of this process
            results.append({"id": job["id"], "seconds": seconds, "reps": reps, "cpuSeconds": cpu, "summary": summary.tolist()})
        except Exception as e:  # report per job, keep going
            results.append({"id": job["id"], "error": f"{type(e).__name__}: {e}"})
    return results


def main():
    meta = {
        "numpy": np.__version__,
        "python": platform.python_version(),
        **blas_info(),
        "env": {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ},
    }
    if "--stream" in sys.argv[1:]:
        # One request per stdin line, one response per stdout line, until stdin closes.
        for line in sys.stdin:
            if line.strip():
                json.dump({"meta": meta, "results": handle(json.loads(line))}, sys.stdout)
                sys.stdout.write("\n")
                sys.stdout.flush()
        return
    json.dump({"meta": meta, "results": handle(json.load(sys.stdin))}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
