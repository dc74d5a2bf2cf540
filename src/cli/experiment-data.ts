/**
 * The data loaders the `reproduce` command injects into experiments (`ExperimentOptions.data`):
 * the file reading that the pure experiment modules may not do. Fashion-MNIST comes from the IDX
 * loader (`src/io/idx.node.ts`): `--data <dir>`, else $LAZYRICH_FASHION_MNIST, else Debian's
 * /usr/share/datasets/fashion-mnist. Loads lazily and caches per (train, test) limit.
 * @module
 */
import { LazyrichError } from '../errors/index.js';
import type { ExperimentData, ImageDataset } from '../experiments/types.js';
import { FASHION_MNIST_DIR, fashionMnistPaths, loadFashionMnist } from '../io/idx.node.js';

/**
 * The loaders of one CLI run.
 * @param dir folder of the Fashion-MNIST IDX files (the `--data` option), or undefined for the defaults
 * @example
 * const data = cliExperimentData();
 * const r = data.fashionMnist({ train: 2000, test: 500 });
 * if ('dataset' in r) console.log(r.dataset.trainImages.rows); // 2000
 */
export function cliExperimentData(dir?: string): ExperimentData {
  const cache = new Map<string, { dataset: ImageDataset } | { unavailable: string }>();
  return {
    fashionMnist(limits = {}) {
      const key = `${limits.train ?? 'all'}/${limits.test ?? 'all'}`;
      const hit = cache.get(key);
      if (hit) return hit;
      let result: { dataset: ImageDataset } | { unavailable: string };
      if (fashionMnistPaths(dir) === undefined) {
        const where = dir ?? `$LAZYRICH_FASHION_MNIST or ${FASHION_MNIST_DIR}`;
        result = { unavailable: `Fashion-MNIST IDX files not found in ${where}; install Debian's dataset-fashion-mnist or pass --data <dir>` };
      } else {
        try {
          const f = loadFashionMnist({
            ...(dir !== undefined ? { dir } : {}),
            ...(limits.train !== undefined ? { trainLimit: limits.train } : {}),
            ...(limits.test !== undefined ? { testLimit: limits.test } : {}),
          });
          result = { dataset: { name: 'Fashion-MNIST', ...f, height: 28, width: 28 } };
        } catch (error) {
          if (!(error instanceof LazyrichError)) throw error;
          result = { unavailable: error.message.replace(/[.\s]+$/, '') };
        }
      }
      cache.set(key, result);
      return result;
    },
  };
}
