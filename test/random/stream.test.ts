import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom, RandomStream, deterministicLog } from '../../src/random/index.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import { loadFixture, decodeFixtureArray } from '../helpers/fixtures.js';

interface StreamFixture {
  path: (string | number)[];
  id: string;
  u32: number[];
  uniforms: number[];
  normals: number[];
  ints: { n: number; values: number[] }[];
  permutation20: number[];
  forks: { i: number; id: string; u32: number[] }[];
  child: { label: string; id: string; uniforms: number[] };
}

const streams = loadFixture<{ streams: StreamFixture[] }>('random/streams.json').streams;

/** Bitwise equality of two float arrays (distinguishes -0 and +0, unlike ===). */
function assertBitwiseEqual(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Object.is(actual[i], expected[i]), `${what}[${i}]: ${actual[i]} !== ${expected[i]}`);
  }
}

function fromPath(path: (string | number)[]) {
  const [seed, ...rest] = path;
  return createRandom(seed, ...rest);
}

describe('RandomStream vs the independent Python model (bit-exact)', () => {
  for (const fx of streams) {
    it(`path ${JSON.stringify(fx.path)}`, () => {
      const r = fromPath(fx.path);
      assert.equal(r.id, fx.id);
      assert.deepEqual(Array.from({ length: fx.u32.length }, () => r.uint32()), fx.u32);
      assertBitwiseEqual(Array.from({ length: fx.uniforms.length }, () => r.uniform()), fx.uniforms, 'uniforms');
      assertBitwiseEqual(Array.from({ length: fx.normals.length }, () => r.normal()), fx.normals, 'normals');
      for (const { n, values } of fx.ints) {
        assert.deepEqual(Array.from({ length: values.length }, () => r.int(n)), values, `int(${n})`);
      }
      assert.deepEqual(Array.from(r.permutation(20)), fx.permutation20);
      const base = fromPath(fx.path);
      for (const f of fx.forks) {
        const fork = base.fork(f.i);
        assert.equal(fork.id, f.id);
        assert.deepEqual(Array.from({ length: f.u32.length }, () => fork.uint32()), f.u32);
      }
      const child = base.split(fx.child.label);
      assert.equal(child.id, fx.child.id);
      assertBitwiseEqual(Array.from({ length: 5 }, () => child.uniform()), fx.child.uniforms, 'child uniforms');
    });
  }

  it('4000 consecutive normals of one stream match bit for bit', () => {
    const fx = loadFixture<{ path: (string | number)[]; normals: unknown }>('random/normals_long.json');
    const expected = decodeFixtureArray(fx.normals).data;
    assertBitwiseEqual(fromPath(fx.path).normalArray(expected.length), expected, 'normals');
  });
});

describe('deterministicLog', () => {
  const cases = loadFixture<{ cases: { x: number; log: number; exact: number }[] }>('random/log.json').cases;

  it('equals the Python model bit for bit and is within 1 ulp of the correctly rounded log', () => {
    const ulp = (y: number) => {
      // spacing of doubles at |y|: 2^(floor(log2|y|) - 52), computed exactly enough for a bound
      const e = Math.floor(Math.log2(Math.abs(y)));
      return 2 ** (e - 52);
    };
    let worst = 0;
    for (const { x, log, exact } of cases) {
      const mine = deterministicLog(x);
      assert.ok(Object.is(mine, log), `log(${x}): ${mine} vs Python ${log}`);
      const err = exact === 0 ? Math.abs(mine) : Math.abs(mine - exact) / ulp(exact);
      worst = Math.max(worst, err);
    }
    // faithful rounding: at most one ulp from the correctly rounded value
    assert.ok(worst <= 1, `worst error ${worst} ulp`);
  });

  it('agrees with Math.log to within 1 ulp on 10^5 values in (0, 1)', () => {
    const r = createRandom(11, 'log-check');
    for (let i = 0; i < 100000; i++) {
      const x = r.uniform() || 0.5;
      const a = deterministicLog(x);
      const b = Math.log(x);
      // both are faithful (≤ 1 ulp from exact), so they differ by at most 2 ulp of the result
      const tol = 2 * 2 ** (Math.floor(Math.log2(Math.abs(b))) - 52);
      assert.ok(Math.abs(a - b) <= tol, `x=${x}: ${a} vs ${b}`);
    }
    assert.equal(deterministicLog(1), 0);
  });
});

describe('RandomStream reproducibility', () => {
  it('the same seed gives bitwise identical arrays; different seeds and labels differ', () => {
    assertBitwiseEqual(createRandom(5).normalArray(1000), createRandom(5).normalArray(1000), 'same seed');
    const a = createRandom(5).uniformArray(8);
    for (const other of [createRandom(6), createRandom('5'), createRandom(5, 'x'), createRandom(5).split(0), createRandom(5).fork(0)]) {
      const b = other.uniformArray(8);
      assert.ok(a.some((v, i) => v !== b[i]));
    }
  });

  it('string and integer labels are kept apart by their tags', () => {
    const ids = new Set([
      createRandom(1).id,
      createRandom('1').id,
      createRandom(1, 'ab').id,
      createRandom(1, 'a', 'b').id,
      createRandom(1, 'a').split('b').id,
      createRandom(1, 2).id,
      createRandom(1).fork(2).id,
      createRandom(1, '').id,
      createRandom(1, '', '').id,
      createRandom('').id,
      createRandom(0).id,
    ]);
    // split('a','b') ≡ split('a').split('b') is the one intended coincidence
    assert.equal(ids.size, 10);
    assert.equal(createRandom(1, 'a', 'b').id, createRandom(1).split('a').split('b').id);
    assert.equal(createRandom(-0).id, createRandom(0).id);
  });

  it('split depends on the identity only, not on draws already made', () => {
    const fresh = createRandom(9).split('layer', 1).uniformArray(16);
    const parent = createRandom(9);
    parent.normalArray(1001);
    assertBitwiseEqual(parent.split('layer', 1).uniformArray(16), fresh, 'split after draws');
  });

  it('fork(i) is the same stream however many forks are made (1 vs N workers)', () => {
    const root = createRandom(2024, 'sweep');
    const alone = root.fork(3).normalArray(500);
    const workers = root.forks(8);
    assertBitwiseEqual(workers[3].normalArray(500), alone, 'fork 3 of 8');
    const moreWorkers = createRandom(2024, 'sweep').forks(100);
    assertBitwiseEqual(moreWorkers[3].normalArray(500), alone, 'fork 3 of 100');
    // a sum split over workers equals the serial sum of the same forks, bit for bit
    const serial = Array.from({ length: 6 }, (_, i) => root.fork(i).uniformArray(10).reduce((s, v) => s + v, 0));
    const parallel = [3, 1, 5, 0, 4, 2].map((i) => [i, root.fork(i).uniformArray(10).reduce((s, v) => s + v, 0)] as const);
    for (const [i, v] of parallel) assert.ok(Object.is(v, serial[i]));
  });

  it('state() / fromState() resume exactly at every offset, including a pending spare normal', () => {
    const reference = createRandom(77, 'resume');
    const draws: number[] = [];
    const states = [];
    for (let k = 0; k < 300; k++) {
      states.push(reference.state());
      draws.push(k % 3 === 0 ? reference.normal() : k % 3 === 1 ? reference.uniform() : reference.uint32());
    }
    for (let k = 0; k < 300; k += 7) {
      const resumed = RandomStream.fromState(JSON.parse(JSON.stringify(states[k])));
      for (let j = k; j < Math.min(300, k + 20); j++) {
        const v = j % 3 === 0 ? resumed.normal() : j % 3 === 1 ? resumed.uniform() : resumed.uint32();
        assert.ok(Object.is(v, draws[j]), `resume at ${k}, draw ${j}`);
      }
    }
    const s = states[1];
    assert.equal(typeof s.spareNormal, 'number', 'after one normal a spare is pending');
    assert.equal(s.generator, 'philox4x32-10');
  });

  it('clone() continues identically and independently', () => {
    const a = createRandom(3);
    a.uniformArray(13);
    a.normal();
    const b = a.clone();
    const xa = a.normalArray(100);
    const xb = b.normalArray(100);
    assertBitwiseEqual(xb, xa, 'clone');
    a.uniform();
    assert.notEqual(a.state().lane + 4 * a.state().block, b.state().lane + 4 * b.state().block);
  });

  it('a state far along the counter resumes correctly (block beyond 2^32)', () => {
    const s = { generator: 'philox4x32-10' as const, version: 1 as const, id: createRandom(1).id, block: 2 ** 40 + 3, lane: 2, spareNormal: null };
    const r = RandomStream.fromState(s);
    const w = [r.uint32(), r.uint32(), r.uint32()];
    const again = RandomStream.fromState(s);
    assert.deepEqual([again.uint32(), again.uint32(), again.uint32()], w);
    assert.deepEqual(r.state(), { ...s, block: 2 ** 40 + 4, lane: 1 });
  });
});

describe('RandomStream draws', () => {
  it('uniformRange stays in [low, high) and handles low = high', () => {
    const r = createRandom(8);
    for (let i = 0; i < 10000; i++) {
      const v = r.uniformRange(-3, 5);
      assert.ok(v >= -3 && v < 5);
    }
    // a range one ulp wide: rounding must never return high
    const lo = 1;
    const hi = 1 + Number.EPSILON;
    for (let i = 0; i < 1000; i++) assert.equal(r.uniformRange(lo, hi), lo);
    assert.equal(r.uniformRange(2.5, 2.5), 2.5);
  });

  it('int(n) is in range, covers all values and is uniform (chi-square, 7 bins)', () => {
    const r = createRandom(31, 'int');
    const counts = new Array(7).fill(0);
    const N = 70000;
    for (let i = 0; i < N; i++) counts[r.int(7)]++;
    const chi2 = counts.reduce((s, c) => s + (c - N / 7) ** 2 / (N / 7), 0);
    // 6 degrees of freedom: P(chi2 > 40) ≈ 5e-7
    assert.ok(chi2 < 40, `chi2 = ${chi2}`);
    for (const n of [1, 2, 2 ** 32, 2 ** 32 + 1, 2 ** 53]) {
      for (let i = 0; i < 200; i++) {
        const v = r.int(n);
        assert.ok(Number.isInteger(v) && v >= 0 && v < n);
      }
    }
    assert.equal(r.int(1), 0);
  });

  it('shuffle, permutation and choice', () => {
    const r = createRandom(4);
    const p = r.permutation(1000);
    assert.deepEqual(Array.from(p).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
    assert.ok(p.some((v, i) => v !== i));
    const items = ['a', 'b', 'c', 'd'];
    const shuffled = r.shuffle([...items]);
    assert.deepEqual([...shuffled].sort(), items);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(r.choice(items));
    assert.equal(seen.size, 4);
    assert.equal(r.permutation(0).length, 0);
    // all 6 permutations of 3 items appear with frequency ≈ 1/6 (6000 draws: sd ≈ 29 per cell)
    const freq = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const k = Array.from(r.permutation(3)).join('');
      freq.set(k, (freq.get(k) ?? 0) + 1);
    }
    assert.equal(freq.size, 6);
    for (const c of freq.values()) assert.ok(Math.abs(c - 1000) < 5 * 29, `count ${c}`);
  });

  it('normalArray scales by mean and std', () => {
    const z = createRandom(12).normalArray(10);
    const x = createRandom(12).normalArray(10, 3, 0.5);
    for (let i = 0; i < 10; i++) assert.equal(x[i], 3 + 0.5 * z[i]);
    assert.deepEqual(Array.from(createRandom(12).normalArray(3, 1, 0)), [1, 1, 1]);
  });
});

describe('RandomStream argument errors', () => {
  it('rejects bad seeds and labels with DomainError', () => {
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53]) {
      assert.throws(() => createRandom(bad), DomainError);
      assert.throws(() => createRandom(0, bad), DomainError);
    }
    assert.throws(() => createRandom(0).fork(-1), DomainError);
    assert.throws(() => createRandom('\uD800'), DomainError);
    assert.throws(() => createRandom({} as unknown as number), DomainError);
    assert.doesNotThrow(() => createRandom(2 ** 53 - 1, 'ok', '\u{1F600}'));
  });

  it('rejects bad sizes with ShapeError and bad parameters with DomainError', () => {
    const r = createRandom(0);
    assert.throws(() => r.normalArray(-1), ShapeError);
    assert.throws(() => r.uniformArray(2.5), ShapeError);
    assert.throws(() => r.normalArray(3, 0, -1), DomainError);
    assert.throws(() => r.normalArray(3, NaN, 1), DomainError);
    assert.throws(() => r.uniformRange(1, 0), DomainError);
    assert.throws(() => r.uniformRange(0, Infinity), DomainError);
    assert.throws(() => r.uniformRange(-Number.MAX_VALUE, Number.MAX_VALUE), DomainError);
    assert.throws(() => r.int(0), DomainError);
    assert.throws(() => r.int(2 ** 53 + 2), DomainError);
    assert.throws(() => r.int(2.5), DomainError);
    assert.throws(() => r.choice([]), ShapeError);
    assert.throws(() => r.permutation(-3), ShapeError);
  });

  it('rejects malformed states', () => {
    const good = createRandom(0).state();
    assert.throws(() => RandomStream.fromState({ ...good, generator: 'mt19937' as 'philox4x32-10' }), DomainError);
    assert.throws(() => RandomStream.fromState({ ...good, id: 'xyz' }), DomainError);
    assert.throws(() => RandomStream.fromState({ ...good, lane: 4 }), DomainError);
    assert.throws(() => RandomStream.fromState({ ...good, block: -1 }), DomainError);
    assert.throws(() => RandomStream.fromState({ ...good, spareNormal: NaN }), DomainError);
    assert.throws(() => RandomStream.fromState(null as unknown as typeof good), DomainError);
  });
});
