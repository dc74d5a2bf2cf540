import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkWellFormed } from './xml.js';

// The checker guards every figure test, so it must itself reject malformed documents.
describe('xml checker', () => {
  it('accepts a well-formed document', () => {
    assert.equal(checkWellFormed('<svg a="1"><g><text x="0">a &amp; b &#x2212;</text></g><rect/></svg>'), 4);
  });
  for (const bad of ['<svg><g></svg>', '<svg a=1/>', '<svg>a < b</svg>', '<svg>a & b</svg>', '<svg a="1" a="2"/>', '<a/><b/>', '<svg a="<"/>', '<svg>']) {
    it(`rejects ${bad}`, () => assert.throws(() => checkWellFormed(bad)));
  }
});
