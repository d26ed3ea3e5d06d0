import { api } from '../api.js'
import { h, table, errorText } from '../dom.js'
import { bytes, sats } from '../format.js'
import { rememberTitle } from '../titles.js'

export function render (view) {
  const path = h('input', { type: 'text', name: 'path', required: true, placeholder: '/home/me/film.mkv' })
  const title = h('input', { type: 'text', name: 'title', placeholder: 'defaults to the file name' })
  const description = h('textarea', { name: 'description', rows: 2 })
  const tags = h('input', { type: 'text', name: 'tags', placeholder: 'comma, separated' })
  const price = h('input', { type: 'number', name: 'priceSats', min: 0, step: 1, value: 0 })
  const payout = h('input', { type: 'text', name: 'payout', placeholder: 'xpub… or a bitcoin address (paid items only)' })
  const status = h('p', { role: 'status', class: 'muted' })
  const list = h('div', { class: 'card', id: 'shares' })

  async function refresh () {
    try {
      const { shares = [] } = await api.get('/api/v1/shares')
      for (const s of shares) rememberTitle(s.contentId, s.title)
      list.replaceChildren(h('h2', {}, 'Shared by this node'), table([
        { label: 'Title', cell: s => s.title || '—' },
        { label: 'Content id', cell: s => h('code', { class: 'content-id' }, s.contentId) },
        { label: 'Files', cell: s => String(s.files?.length ?? 0) },
        { label: 'Size', cell: s => bytes(s.totalSize) },
        { label: 'Price', cell: s => (s.priceSats > 0 ? sats(s.priceSats) : 'free') },
        { label: 'Shared', cell: s => new Date(s.sharedAt).toLocaleString() }
      ], shares.map(s => ({ value: s, attrs: { 'data-content-id': s.contentId } })), 'Nothing shared yet.'))
    } catch (e) {
      list.replaceChildren(errorText(e))
    }
  }

  async function share (event) {
    event.preventDefault()
    status.replaceChildren('Sharing… (large files take a while to hash)')
    const body = {
      path: path.value.trim(),
      title: title.value.trim() || undefined,
      description: description.value.trim() || undefined,
      tags: tags.value.split(',').map(t => t.trim()).filter(Boolean)
    }
    if (Number(price.value) > 0) body.priceSats = Number(price.value)
    if (payout.value.trim()) body.payout = payout.value.trim()
    try {
      const share = await api.post('/api/v1/shares', body)
      rememberTitle(share.contentId, share.title)
      status.replaceChildren(`Shared “${share.title}” (${bytes(share.totalSize)}) as `,
        h('code', { id: 'shared-content-id' }, share.contentId))
      refresh()
    } catch (e) {
      status.replaceChildren(errorText(e))
    }
  }

  view.replaceChildren(h('h1', {}, 'Shares'),
    h('div', { class: 'card' },
      h('h2', {}, 'Share a file'),
      h('form', { class: 'stack', onsubmit: share },
        h('label', {}, 'File or folder on the node', path),
        h('label', {}, 'Title', title),
        h('label', {}, 'Description', description),
        h('label', {}, 'Tags', tags),
        h('label', {}, 'Price in sats (0 = free)', price),
        h('label', {}, 'Payout', payout),
        h('div', {}, h('button', { type: 'submit' }, 'Share'))),
      status),
    list)
  refresh()
}
