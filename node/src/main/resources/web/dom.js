// Builds DOM nodes from data. Text always goes in as text nodes, never as HTML, so names and titles from the
// network cannot inject markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value)
    else if (key === 'dataset') Object.assign(el.dataset, value)
    else el.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

// A table whose cells carry their column name, so the phone layout can label stacked cells.
export function table(columns, rows, emptyText) {
  if (rows.length === 0) return h('p', { class: 'empty' }, emptyText)
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map(row => h('tr', row.attrs ?? {},
      columns.map(c => h('td', { 'data-label': c.label }, c.cell(row.value ?? row)))))))
}

export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]))
}

export function errorText(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message ?? String(error))
}
