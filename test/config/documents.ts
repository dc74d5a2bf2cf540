/** The two documents of issue 4 (they must stay valid as written) and a helper to mutate copies. */
export const ISSUE_EXPLICIT_TEXT = `{"model": {"kind": "two-layer-linear"},
 "task": {"kind": "whitened", "sigmaYX": [[2, 0.5], [0.1, 1]]},
 "init": {"kind": "explicit", "W1": [[0.3, 0], [0, 0.2]], "W2": [[0.4, 0], [0, 0.1]]},
 "train": {"method": "gd", "learningRate": 0.01, "steps": 500}}
`;

export const ISSUE_BALANCED_TEXT = `{"model": {"kind": "two-layer-linear"},
 "task": {"kind": "whitened", "sigmaYX": [[2, 0.5], [0.1, 1]]},
 "init": {"kind": "lambda-balanced", "lambda": -1.5, "scale": 0.2, "hidden": 2, "seed": 7},
 "train": {"method": "gd", "learningRate": 0.01, "steps": 500}}
`;

/** A fresh, mutable copy of the explicit issue document. */
export function explicitDoc(): any {
  return JSON.parse(ISSUE_EXPLICIT_TEXT);
}

/** A fresh, mutable copy of the λ-balanced issue document. */
export function balancedDoc(): any {
  return JSON.parse(ISSUE_BALANCED_TEXT);
}

/** The three documents of issues 5 and 6, exactly as the issues write them. */
export const MIXED_TEXT = `{"model": {"kind": "mixed-linear", "sigma2": 0.01, "width": 400},
 "task": {"kind": "matrix", "Y": [[1, 0.5], [0, 2]]},
 "init": {"kind": "explicit", "A": [[0.01, 0], [0, 0.02]]}}
`;

export const SCALAR_WIDTH_TEXT = `{"model": {"kind": "scalar-width", "kappa": 0.1, "etaU": 1, "etaW": 2},
 "task": {"kind": "scalar", "a": 1.5, "sigmaXX": 1},
 "init": {"kind": "explicit", "u": [0.1, 0.2, -0.3], "w": [0.3, -0.1, 0.2]}}
`;

export const SINGLE_NEURON_TEXT = `{"model": {"kind": "single-neuron", "etaW": 1, "etaA": 1},
 "task": {"kind": "whitened-vector", "betaStar": [1, -0.5]},
 "init": {"kind": "explicit", "a": 0.3, "w": [0.1, 0.05]}}
`;
