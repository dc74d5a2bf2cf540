/**
 * The explorer's compute worker (an ES module worker): it answers {@link WorkerRequest}s with the
 * handlers of `handlers.ts` (GD/GF simulations and other heavy work on the pure core, js backend),
 * one at a time, transferring the Float64Array buffers of each result.
 * @module
 */
import { HANDLERS } from './handlers.js';
import { toWorkerError, type HandlerOutput, type WorkerRequest, type WorkerResponse } from './protocol.js';

const scope = self as unknown as {
  onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer?: Transferable[]): void;
};

scope.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const { id, kind, payload } = ev.data;
  const handler = (HANDLERS as Record<string, (p: unknown) => HandlerOutput<unknown>>)[kind];
  if (!handler) {
    scope.postMessage({ id, error: { name: 'Error', message: `unknown worker request kind "${kind}" (known: ${Object.keys(HANDLERS).join(', ')}).` } });
    return;
  }
  try {
    const out = handler(payload);
    scope.postMessage({ id, result: out.result }, out.transfer ?? []);
  } catch (e) {
    scope.postMessage({ id, error: toWorkerError(e) });
  }
};
