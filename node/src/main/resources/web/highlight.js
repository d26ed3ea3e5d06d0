// Search highlights arrive as HTML-escaped text with <b>…</b> around matches (Lucene's passage formatter). They are
// turned into text nodes and <mark> elements here, never parsed as HTML, so a title cannot inject markup.
import { h } from './dom.js'

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function unescapeEntities (text) {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, name) => {
    if (name[0] !== '#') return NAMED[name] ?? whole
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

// Nodes for a highlighted string: plain parts as text, parts between <b> and </b> as <mark>.
export function highlighted (marked) {
  const nodes = []
  for (const [i, part] of String(marked).split(/<\/?b>/).entries()) {
    if (!part) continue
    const text = unescapeEntities(part)
    nodes.push(i % 2 === 1 ? h('mark', {}, text) : document.createTextNode(text))
  }
  return nodes
}
