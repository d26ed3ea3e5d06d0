import { api, query } from '../api.js'
import { h, table, errorText } from '../dom.js'
import { bytes, sats } from '../format.js'
import { highlighted } from '../highlight.js'
import { rememberTitle } from '../titles.js'

// Search: GET /api/v1/search → {totalHits, totalHitsExact, nextCursor, hits:[{contentId, title, titleHighlight,
// snippet, totalSize, priceSats, free, publisher, tags, providers:[{peerId, addresses}]}]}. A free hit downloads
// with POST /api/v1/downloads {contentId}: the node finds the providers from the announcement.
function badge (r) {
  return r.priceSats > 0
    ? h('span', { class: 'badge paid' }, `paid · ${sats(r.priceSats)}`)
    : h('span', { class: 'badge free' }, 'free')
}

function providers (r) {
  const list = Array.isArray(r.providers) ? r.providers : []
  return h('span', { title: list.map(p => p.peerId).join('\n') }, String(list.length))
}

export function render (view, { args, navigate }) {
  const q = h('input', { type: 'search', name: 'q', placeholder: 'Search the network', 'aria-label': 'Search', value: args[0] ?? '' })
  const price = h('select', { name: 'price', 'aria-label': 'Price' },
    h('option', { value: '' }, 'Free and paid'), h('option', { value: 'free' }, 'Free only'), h('option', { value: 'paid' }, 'Paid only'))
  const sort = h('select', { name: 'sort', 'aria-label': 'Sort' },
    ['relevance', 'newest', 'oldest', 'largest', 'smallest'].map(s => h('option', { value: s }, s)))
  const results = h('div', { class: 'card', id: 'results' }, h('p', { class: 'muted' }, 'Type a few words and press Search.'))
  const shown = []
  let cursor = null

  async function download (r, button) {
    button.disabled = true
    try {
      rememberTitle(r.contentId, r.title)
      await api.post('/api/v1/downloads', { contentId: r.contentId })
      navigate('#/downloads')
    } catch (e) {
      button.disabled = false
      button.after(errorText(e))
    }
  }

  function action (r) {
    if (r.priceSats > 0) {
      rememberTitle(r.contentId, r.title)
      return h('a', { href: `#/market/buy/${encodeURIComponent(r.contentId)}/${encodeURIComponent(r.publisher ?? '')}`, class: 'buy' }, 'Buy in Market')
    }
    const button = h('button', { type: 'button', class: 'download' }, 'Download')
    button.addEventListener('click', () => download(r, button))
    return button
  }

  function draw (answer) {
    const more = answer.nextCursor
      ? h('button', { type: 'button', class: 'secondary', onclick: () => search(null, answer.nextCursor) }, 'More results')
      : null
    results.replaceChildren(
      h('p', { class: 'muted', id: 'hit-count' }, `${shown.length} of ${answer.totalHits}${answer.totalHitsExact ? '' : '+'} results`),
      table([
        {
          label: 'Title',
          cell: r => [h('strong', {}, r.titleHighlight ? highlighted(r.titleHighlight) : (r.title || r.contentId)), ' ', badge(r),
            r.snippet ? h('p', { class: 'muted snippet' }, highlighted(r.snippet)) : null,
            h('div', {}, h('code', { class: 'content-id' }, r.contentId))]
        },
        { label: 'Size', cell: r => bytes(r.totalSize) },
        { label: 'Providers', cell: providers },
        { label: '', cell: action }
      ], shown.map(r => ({ value: r, attrs: { 'data-content-id': r.contentId } })), 'Nothing found.'),
      more ?? '')
  }

  async function search (event, next) {
    event?.preventDefault()
    if (!next) { shown.length = 0; cursor = null }
    results.replaceChildren(h('p', { class: 'muted' }, 'Searching…'))
    try {
      const params = { q: q.value.trim(), limit: 25, sort: sort.value, cursor: next ?? cursor }
      if (price.value) params[price.value] = 'true'
      const answer = await api.get(`/api/v1/search?${query(params)}`)
      shown.push(...(answer.hits ?? []))
      cursor = answer.nextCursor
      draw(answer)
    } catch (e) {
      results.replaceChildren(e.status === 404 ? h('p', { class: 'muted' }, 'Search is not enabled on this node yet.') : errorText(e))
    }
  }

  view.replaceChildren(h('h1', {}, 'Search'),
    h('form', { class: 'row', onsubmit: search }, q, price, sort, h('button', { type: 'submit' }, 'Search')),
    results)
  if (q.value) search()
}
