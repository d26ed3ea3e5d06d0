import { api } from '../api.js'
import { h, facts, errorText } from '../dom.js'
import { duration } from '../format.js'
import { every } from '../live.js'

export function render (view) {
  const body = h('div', { class: 'card' })
  view.replaceChildren(h('h1', {}, 'Status'), body)
  return every(5000, async () => {
    try {
      const s = await api.get('/api/v1/status')
      body.replaceChildren(facts([
        ['Peer id', h('code', { id: 'peer-id' }, s.peerId)],
        ['Version', s.agentVersion],
        ['Uptime', duration(s.uptimeSeconds)],
        ['Connected peers', h('span', { id: 'connected-peers' }, String(s.connectedPeers))],
        ['Listening on', h('ul', {}, s.listenAddresses.map(a => h('li', {}, h('code', {}, a))))]
      ]))
    } catch (e) {
      body.replaceChildren(errorText(e))
    }
  })
}
