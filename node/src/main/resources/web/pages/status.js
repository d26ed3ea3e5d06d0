import { api } from '../api.js'
import { h, facts, errorText } from '../dom.js'
import { duration } from '../format.js'
import { every } from '../live.js'

// Status: who the node is, and its transfer settings (GET/PUT /api/v1/settings). The form sends what the API takes
// (bytes per second, bytes) scaled from KiB/s and MiB; the node validates, and its 400 message is shown beside the
// field it names.
const KIB = 1024
const MIB = 1024 * 1024
const FIELDS = [
  { name: 'rateLimits.downloadBytesPerSecond', label: 'Download limit (KiB/s, 0 = unlimited)', unit: KIB },
  { name: 'rateLimits.uploadBytesPerSecond', label: 'Upload limit (KiB/s, 0 = unlimited)', unit: KIB },
  { name: 'rateLimits.perPeerDownloadBytesPerSecond', label: 'Per-peer download limit (KiB/s)', unit: KIB },
  { name: 'rateLimits.perPeerUploadBytesPerSecond', label: 'Per-peer upload limit (KiB/s)', unit: KIB },
  { name: 'maxUploads', label: 'Chunk streams served at once', unit: 1 },
  { name: 'quotaBytes', label: 'Storage quota (MiB, 0 = none)', unit: MIB }
]

function read (settings, path) {
  return path.split('.').reduce((o, k) => o?.[k], settings)
}

function settingsSection () {
  const inputs = new Map(FIELDS.map(f => [f.name, h('input', { type: 'number', name: f.name, min: 0, step: 'any', required: true })]))
  const status = h('div', { role: 'status', id: 'settings-status' })
  // Disabled until the node's values are in, so nothing typed early is overwritten by the load.
  const fieldset = h('fieldset', { disabled: true },
    FIELDS.map(f => h('label', {}, f.label, inputs.get(f.name))),
    h('div', {}, h('button', { type: 'submit' }, 'Save settings')))
  const fill = settings => {
    for (const f of FIELDS) inputs.get(f.name).value = String(read(settings, f.name) / f.unit)
    fieldset.disabled = false
  }
  const clearInvalid = () => { for (const input of inputs.values()) input.removeAttribute('aria-invalid') }

  async function save (event) {
    event.preventDefault()
    clearInvalid()
    const body = { rateLimits: {} }
    for (const f of FIELDS) {
      const value = Math.round(Number(inputs.get(f.name).value) * f.unit)
      const [top, inner] = f.name.split('.')
      if (inner) body[top][inner] = value
      else body[top] = value
    }
    status.replaceChildren(h('p', { class: 'muted' }, 'Saving…'))
    try {
      fill(await api.put('/api/v1/settings', body))
      status.replaceChildren(h('p', { class: 'ok' }, 'Saved.'))
    } catch (e) {
      // 400 invalid_field messages start with the field's name: mark that input.
      const field = e.status === 400 ? e.message.split(':')[0] : null
      inputs.get(field)?.setAttribute('aria-invalid', 'true')
      inputs.get(field)?.focus()
      status.replaceChildren(errorText(e))
    }
  }

  const card = h('div', { class: 'card', id: 'settings' },
    h('h2', {}, 'Transfer settings'),
    h('form', { onsubmit: save }, fieldset),
    status)
  const load = async () => {
    try {
      fill(await api.get('/api/v1/settings'))
    } catch (e) {
      card.replaceChildren(h('h2', {}, 'Transfer settings'), e.status === 404 ? h('p', { class: 'muted' }, 'Not available on this node.') : errorText(e))
    }
  }
  return { card, load }
}

export function render (view) {
  const body = h('div', { class: 'card' })
  const settings = settingsSection()
  view.replaceChildren(h('h1', {}, 'Status'), body, settings.card)
  settings.load()
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
