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
