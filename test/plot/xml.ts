// A small strict XML well-formedness checker for the tests (elements, attributes, character data,
// entities, comments). It throws an Error naming the offset of the first violation.

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

function checkCharacterData(text: string, at: number): void {
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '<') throw new Error(`xml: raw '<' at ${at + k}`);
    if (text[k] === '&' && !ENTITY.test(text.slice(k))) throw new Error(`xml: bad entity at ${at + k}: ${text.slice(k, k + 12)}`);
    const c = text.charCodeAt(k);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) throw new Error(`xml: control character ${c} at ${at + k}`);
  }
}

/** Returns the number of elements; throws if `xml` is not a well-formed document with one root. */
export function checkWellFormed(xml: string): number {
  let i = 0;
  const stack: string[] = [];
  let roots = 0;
  let elements = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('xml: unterminated prolog');
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`xml: text outside the root at ${i}`);
    checkCharacterData(text, i);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) throw new Error(`xml: unterminated comment at ${i}`);
      i = end + 3;
      continue;
    }
    if (xml[i + 1] === '/') {
      const m = NAME.exec(xml.slice(i + 2));
      if (m === null) throw new Error(`xml: bad closing tag at ${i}`);
      const close = xml.indexOf('>', i);
      if (xml.slice(i + 2 + m[0].length, close).trim() !== '') throw new Error(`xml: junk in closing tag at ${i}`);
      const open = stack.pop();
      if (open !== m[0]) throw new Error(`xml: </${m[0]}> at ${i} closes <${open}>`);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(xml.slice(i + 1));
    if (m === null) throw new Error(`xml: bad tag name at ${i}`);
    if (stack.length === 0) {
      roots++;
      if (roots > 1) throw new Error(`xml: second root element at ${i}`);
    }
    elements++;
    let j = i + 1 + m[0].length;
    const seen = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j)) as RegExpExecArray;
      j += ws[0].length;
      if (xml.startsWith('/>', j)) {
        j += 2;
        break;
      }
      if (xml[j] === '>') {
        stack.push(m[0]);
        j += 1;
        break;
      }
      if (ws[0].length === 0) throw new Error(`xml: missing space before attribute at ${j}`);
      const a = NAME.exec(xml.slice(j));
      if (a === null) throw new Error(`xml: bad attribute name at ${j}: ${xml.slice(j, j + 10)}`);
      if (seen.has(a[0])) throw new Error(`xml: duplicate attribute ${a[0]} at ${j}`);
      seen.add(a[0]);
      j += a[0].length;
      if (xml[j] !== '=') throw new Error(`xml: attribute ${a[0]} without value at ${j}`);
      const quote = xml[j + 1];
      if (quote !== '"' && quote !== "'") throw new Error(`xml: unquoted attribute ${a[0]} at ${j}`);
      const end = xml.indexOf(quote, j + 2);
      if (end < 0) throw new Error(`xml: unterminated attribute ${a[0]} at ${j}`);
      checkCharacterData(xml.slice(j + 2, end), j + 2);
      j = end + 1;
    }
    i = j;
  }
  if (stack.length > 0) throw new Error(`xml: unclosed <${stack[stack.length - 1]}>`);
  if (roots !== 1) throw new Error('xml: no root element');
  return elements;
}
