import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { svgToPng } from '../../src/io/png.node.js';
import { linePlot } from '../../src/plot/index.js';
import { ConfigError } from '../../src/errors/index.js';
import { demoLinePlot } from './demo-figures.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ihdr(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assert.equal(String.fromCharCode(...png.slice(12, 16)), 'IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('PNG export', () => {
  const svg = linePlot({ ...demoLinePlot(), width: 500, height: 320 });
  it('writes a PNG of the figure size at scale 1', () => {
    const png = svgToPng(svg);
    assert.deepEqual([...png.slice(0, 8)], SIGNATURE);
    assert.deepEqual(ihdr(png), { width: 500, height: 320 });
  });
  it('doubles both sides at scale 2', () => {
    assert.deepEqual(ihdr(svgToPng(svg, { scale: 2 })), { width: 1000, height: 640 });
  });
  it('rejects invalid scales and unparsable SVG', () => {
    assert.throws(() => svgToPng(svg, { scale: 0 }), ConfigError);
    assert.throws(() => svgToPng(svg, { scale: 1000 }), ConfigError);
    assert.throws(() => svgToPng('<svg'), ConfigError);
  });
});
