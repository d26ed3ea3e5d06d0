import { api } from '../api.js'
import { h, table, errorText } from '../dom.js'
import { every } from '../live.js'

const COLUMNS = [
  { label: 'Peer', cell: p => h('code', { class: 'peer-id' }, p.peerId) },
  { label: 'Address', cell: p => h('code', {}, p.address) },
  { label: 'Direction', cell: p => p.direction },
  { label: 'Agent', cell: p => p.agentVersion || '—' },
  { label: 'Latency', cell: p => p.latencyMs === null ? '—' : `${p.latencyMs.toFixed(1)} ms` }
]

export function render (view) {
  const count = h('p', { class: 'muted' })
  const body = h('div', { class: 'card' })
  view.replaceChildren(h('h1', {}, 'Peers'), count, body)
  return every(3000, async () => {
    try {
      const { peers } = await api.get('/api/v1/peers')
      count.textContent = `${peers.length} open connection${peers.length === 1 ? '' : 's'}`
      body.replaceChildren(table(COLUMNS, peers, 'No peers connected yet.'))
    } catch (e) {
      body.replaceChildren(errorText(e))
    }
  })
}
