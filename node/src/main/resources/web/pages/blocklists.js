import { api } from '../api.js'
import { h, table, errorText } from '../dom.js'
import { notEnabled } from './placeholder.js'

const LISTS = '/api/v1/blocklists'

export async function render (view) {
  if (!await api.exists(LISTS)) return notEnabled(view, 'Blocklists', 'Community blocklists')
  const body = h('div', { class: 'card' })
  view.replaceChildren(h('h1', {}, 'Blocklists'), body)
  try {
    const { blocklists = [] } = await api.get(LISTS)
    body.replaceChildren(table([
      { label: 'List', cell: l => l.name ?? l.id },
      { label: 'Entries', cell: l => String(l.entries ?? '—') },
      { label: 'Following', cell: l => (l.following ? 'yes' : 'no') }
    ], blocklists, 'Not following any blocklist.'))
  } catch (e) {
    body.replaceChildren(errorText(e))
  }
}
