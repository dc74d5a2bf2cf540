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
