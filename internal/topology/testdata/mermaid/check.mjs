// Parses each file named on the command line with Mermaid (a ```mermaid
// fence around the diagram is allowed) and exits 1 naming the first that
// Mermaid rejects. Mermaid needs a DOM even to parse: jsdom provides it.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

for (const file of process.argv.slice(2)) {
  let text = readFileSync(file, 'utf8');
  const fenced = text.match(/^```mermaid\n([\s\S]*)```\n?$/);
  if (fenced) text = fenced[1];
  try {
    const r = await mermaid.parse(text);
    console.log(`${file}: ${r.diagramType}`);
  } catch (e) {
    console.error(`${file}: ${e.message ?? e}`);
    process.exit(1);
  }
}
