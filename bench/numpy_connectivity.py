"""NumPy side of the `connectivity` benchmark group (bench/groups/connectivity.ts), issue 6.

Same JSON protocol, timing rule and BLAS reporting as bench/numpy_linalg.py (whose `main` and `OPS`
table this script reuses). It adds the two computations of Liu et al.'s CTRNN (spec
connectivity.md §1.1, §1.3, §3), written the way a NumPy user would, time-stacked like the
TypeScript side:

- rnn_iter: one training iteration — forward pass of z_t = (1−α)h_{t−1} + α(W_in x_t + W_h h_{t−1}),
  h = ReLU(z), o = W_out h over T steps, mean cross-entropy over all T·B labels, and BPTT gradients
  of W_in, W_h, W_out. Summary: row sums of ∇W_h.
- rnn_ntk: the factorised W_h-only tangent kernel (spec §3): δ vectors back-propagated from every
  output (t, k), then K = α² Σ_{s≤s'} (D_s D_{s'}ᵀ) ⊙ (H_{s−1}H_{s'−1}ᵀ expanded), using only the
  rows t ≥ s, and the transposed term for s ≠ s'. Summary: row sums of K.

Inputs: Win (N×N_in), Wh (N×N), Wout (K×N), X ((T·B)×N_in, row t·B + b), labels (1×(T·B) floats).
Params: T, B, alpha.
"""
import numpy as np

from numpy_linalg import OPS, main


def _forward(Win, Wh, Wout, X, T, B, a):
    N = Wh.shape[0]
    Z = (a * X) @ Win.T
    Z = Z.reshape(T, B, N)
    H = np.empty_like(Z)
    for t in range(T):
        if t > 0:
            Z[t] += a * (H[t - 1] @ Wh.T)
            if a != 1:
                Z[t] += (1 - a) * H[t - 1]
        np.maximum(Z[t], 0, out=H[t])
    return Z, H


def op_rnn_iter(inputs, params):
    Win, Wh, Wout, X = inputs["Win"], inputs["Wh"], inputs["Wout"], inputs["X"]
    labels = inputs["labels"].reshape(-1).astype(np.int64)
    T, B, a = int(params["T"]), int(params["B"]), float(params["alpha"])
    N = Wh.shape[0]
    rows = np.arange(T * B)

    def run():
        Z, H = _forward(Win, Wh, Wout, X, T, B, a)
        Hf = H.reshape(T * B, N)
        O = Hf @ Wout.T
        m = O.max(axis=1, keepdims=True)
        E = np.exp(O - m)
        P = E / E.sum(axis=1, keepdims=True)
        loss = float(np.mean(np.log(E.sum(axis=1)) + m[:, 0] - O[rows, labels]))
        dO = P
        dO[rows, labels] -= 1
        dO /= T * B
        dZ = (dO @ Wout).reshape(T, B, N)
        for t in range(T - 1, -1, -1):
            if t < T - 1:
                dZ[t] += a * (dZ[t + 1] @ Wh)
                if a != 1:
                    dZ[t] += (1 - a) * dZ[t + 1]
            dZ[t] *= Z[t] > 0
        dZf = dZ.reshape(T * B, N)
        gWout = dO.T @ Hf
        gWin = a * (dZf.T @ X)
        gWh = a * (dZf[B:].T @ Hf[: (T - 1) * B])
        return loss, gWin, gWh, gWout

    return run, (lambda r: r[2].sum(axis=1))


def op_rnn_ntk(inputs, params):
    Win, Wh, Wout, X = inputs["Win"], inputs["Wh"], inputs["Wout"], inputs["X"]
    T, B, a = int(params["T"]), int(params["B"]), float(params["alpha"])
    N = Wh.shape[0]
    K = Wout.shape[0]
    R = T * B * K
    A = a * Wh
    if a != 1:
        A = A + (1 - a) * np.eye(N)

    def run():
        Z, H = _forward(Win, Wh, Wout, X, T, B, a)
        M = Z > 0
        D = np.zeros((T, T, B, K, N))  # D[s, t] = δ^{(t, ·)}_s for trials b and outputs k
        for t in range(T):
            delta = M[t][:, None, :] * Wout[None, :, :]
            for s in range(t, 0, -1):
                D[s, t] = delta
                if s > 1:
                    delta = (delta @ A) * M[s - 1][:, None, :]
        Kmat = np.zeros((R, R))
        for s in range(1, T):
            Ds = D[s, s:].reshape(-1, N)
            for s2 in range(s, T):
                Ds2 = D[s2, s2:].reshape(-1, N)
                G = H[s - 1] @ H[s2 - 1].T
                Gx = np.kron(G, np.ones((K, K)))
                block = (a * a) * (Ds @ Ds2.T) * np.tile(Gx, (T - s, T - s2))
                Kmat[s * B * K:, s2 * B * K:] += block
                if s2 != s:
                    Kmat[s2 * B * K:, s * B * K:] += block.T
        return Kmat

    return run, (lambda Kmat: Kmat.sum(axis=1))


OPS["rnn_iter"] = op_rnn_iter
OPS["rnn_ntk"] = op_rnn_ntk

if __name__ == "__main__":
    main()
