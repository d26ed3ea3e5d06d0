import { api, query } from '../api.js'
import { h, table, errorText } from '../dom.js'
import { bytes, sats } from '../format.js'

// Results per the search route: {results:[{contentId,title,sizeBytes,priceSats,providers,...}]}.
function badge (r) {
  return r.priceSats > 0
    ? h('span', { class: 'badge paid' }, `paid · ${sats(r.priceSats)}`)
    : h('span', { class: 'badge free' }, 'free')
}

function providerCount (r) {
  return Array.isArray(r.providers) ? r.providers.length : (r.providers ?? 0)
}

export function render (view, { args, navigate }) {
  const q = h('input', { type: 'search', name: 'q', placeholder: 'Search the network', 'aria-label': 'Search', value: args[0] ?? '' })
  const filter = h('select', { name: 'filter', 'aria-label': 'Price' },
    h('option', { value: '' }, 'Free and paid'), h('option', { value: 'free' }, 'Free only'), h('option', { value: 'paid' }, 'Paid only'))
  const results = h('div', { class: 'card', id: 'results' }, h('p', { class: 'muted' }, 'Type a few words and press Search.'))

  async function download (r, button) {
    button.disabled = true
    try {
      await api.post('/api/v1/downloads', { contentId: r.contentId })
      navigate('#/downloads')
    } catch (e) {
      button.disabled = false
      button.after(errorText(e))
    }
  }

  async function search (event) {
    event?.preventDefault()
    if (!q.value.trim()) return
    results.replaceChildren(h('p', { class: 'muted' }, 'Searching…'))
    try {
      const params = { q: q.value.trim(), limit: 50 }
      if (filter.value) params[filter.value] = 'true'
      const { results: found = [] } = await api.get(`/api/v1/search?${query(params)}`)
      results.replaceChildren(table([
        { label: 'Title', cell: r => [h('strong', {}, r.title || r.contentId), ' ', badge(r)] },
        { label: 'Size', cell: r => bytes(r.sizeBytes) },
        { label: 'Providers', cell: r => String(providerCount(r)) },
        {
          label: '',
          cell: r => {
            const button = h('button', { type: 'button', class: 'download' }, 'Download')
            button.addEventListener('click', () => download(r, button))
            return r.priceSats > 0 ? h('span', { class: 'muted' }, 'buy in Market') : button
          }
        }
      ], found.map(r => ({ value: r, attrs: { 'data-content-id': r.contentId } })), 'Nothing found.'))
    } catch (e) {
      results.replaceChildren(errorText(e))
    }
  }

  view.replaceChildren(h('h1', {}, 'Search'),
    h('form', { class: 'row', onsubmit: search }, q, filter, h('button', { type: 'submit' }, 'Search')),
    results)
  if (q.value) search()
}
