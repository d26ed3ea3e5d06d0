import { api } from '../api.js'
import { h, errorText } from '../dom.js'
import { bytes, rate, percent, duration } from '../format.js'
import { titleOf } from '../titles.js'

// Downloads: a form to start one by content id, and a live table. Each unfinished download follows its server-sent
// `progress` events (GET /api/v1/downloads/{id}/events); when a stream fails the row falls back to the list poll,
// which also finds downloads started elsewhere (the CLI, the Search page).
const FINISHED = new Set(['completed', 'failed', 'cancelled'])
const POLL_MS = 3000
const FALLBACK_POLL_MS = 1000
// Each stream holds one of the browser's six HTTP/1.1 connections to the node: keep most of them for the page.
const MAX_STREAMS = 3

function fraction (d) {
  if (d.state === 'completed') return 1
  return d.totalBytes > 0 ? d.verifiedBytes / d.totalBytes : 0
}

function providersFrom (text) {
  return text.split(/[\s,]+/).map(a => a.trim()).filter(Boolean)
}

export function render (view, { args }) {
  const rows = new Map() // contentId -> { tr, cells, buttons, source, live, state }
  const tbody = h('tbody')
  const empty = h('p', { class: 'empty' }, 'No downloads. Start one here or from the Search page.')
  const listError = h('div')
  const table = h('table', { id: 'downloads', hidden: true },
    h('thead', {}, h('tr', {}, ['Content', 'Progress', 'Rate', 'Peers', 'ETA', 'State', ''].map(l => h('th', { scope: 'col' }, l)))),
    tbody)
  let stopped = false
  let timer = null

  const contentId = h('input', { type: 'text', name: 'contentId', required: true, placeholder: 'bafy…', value: args[0] ?? '' })
  const from = h('textarea', { name: 'from', rows: 2, placeholder: '/ip4/1.2.3.4/tcp/4001/p2p/12D3KooW… (optional: one per line; else the providers the node knows)' })
  const out = h('input', { type: 'text', name: 'out', placeholder: 'optional subfolder of the download folder' })
  const startStatus = h('div', { role: 'status' })

  function cell (label) { return h('td', { 'data-label': label }) }

  function addRow (id) {
    const cells = {
      content: cell('Content'), progress: cell('Progress'), rate: cell('Rate'), peers: cell('Peers'),
      eta: cell('ETA'), state: cell('State'), actions: cell('')
    }
    const act = action => async event => {
      const button = event.currentTarget
      button.disabled = true
      try {
        update(await api.post(`/api/v1/downloads/${encodeURIComponent(id)}/${action}`))
        row.error.replaceChildren()
      } catch (e) {
        row.error.replaceChildren(errorText(e))
      } finally {
        button.disabled = false
      }
    }
    const buttons = {
      pause: h('button', { type: 'button', class: 'secondary pause', onclick: act('pause'), hidden: true }, 'Pause'),
      resume: h('button', { type: 'button', class: 'secondary resume', onclick: act('resume'), hidden: true }, 'Resume'),
      cancel: h('button', { type: 'button', class: 'secondary cancel', onclick: act('cancel'), hidden: true }, 'Cancel')
    }
    const row = { tr: h('tr', { 'data-content-id': id }, Object.values(cells)), cells, buttons, error: h('div'), source: null, live: 'poll', failed: false, state: null }
    cells.actions.append(h('div', { class: 'actions' }, Object.values(buttons)), row.error)
    rows.set(id, row)
    tbody.prepend(row.tr)
    table.hidden = false
    empty.remove()
    return row
  }

  function update (d) {
    const row = rows.get(d.contentId) ?? addRow(d.contentId)
    row.state = d.state
    const { tr, cells, buttons } = row
    tr.dataset.state = d.state
    tr.dataset.live = row.live
    const title = titleOf(d.contentId)
    // replaceChildren would print a null as "null": build the parts with h, which skips them.
    cells.content.replaceChildren(h('div', {},
      title ? h('strong', {}, title) : null, title ? h('br') : null, h('code', { class: 'content-id' }, d.contentId),
      d.files?.length ? h('div', { class: 'muted files' }, 'Saved to ', h('ul', {}, d.files.map(f => h('li', {}, h('code', { class: 'file' }, f))))) : null))
    const f = fraction(d)
    const chunks = d.chunks ? ` · ${d.chunks.verified}/${d.chunks.total} chunks` : ''
    cells.progress.replaceChildren(h('progress', { max: 100, value: Math.floor(f * 100) }),
      h('span', { class: 'percent' }, percent(f)), ' ',
      h('span', { class: 'muted' }, `${bytes(d.verifiedBytes)} of ${bytes(d.totalBytes)}${chunks}`))
    cells.rate.replaceChildren(d.state === 'running' ? rate(d.rateBytesPerSecond) : '—')
    cells.peers.replaceChildren(String(d.peers ?? 0), d.bannedPeers ? h('span', { class: 'error' }, ` (${d.bannedPeers} banned)`) : '')
    cells.eta.replaceChildren(duration(d.etaSeconds))
    cells.state.replaceChildren(h('span', { class: `state ${d.state}` }, d.state), d.error ? h('div', { class: 'error' }, d.error) : '')
    buttons.pause.hidden = d.state !== 'running'
    buttons.resume.hidden = d.state !== 'paused'
    buttons.cancel.hidden = FINISHED.has(d.state)
    if (FINISHED.has(d.state)) closeStream(row)
    else if (!row.source && !row.failed && streams() < MAX_STREAMS) openStream(d.contentId, row)
  }

  const streams = () => [...rows.values()].filter(r => r.source).length
  // Rows without a stream (failed, or over MAX_STREAMS) are kept current by a faster list poll.
  const polled = () => [...rows.values()].some(r => !r.source && !FINISHED.has(r.state))

  function closeStream (row) {
    row.source?.close()
    row.source = null
  }

  function openStream (id, row) {
    row.live = 'sse'
    row.tr.dataset.live = 'sse'
    row.source = api.events(`/api/v1/downloads/${encodeURIComponent(id)}/events`, 'progress',
      d => { if (!stopped) update(d) },
      () => {
        // The stream ends after the last event; an error before a finished state means it broke: poll instead.
        if (FINISHED.has(row.state)) return closeStream(row)
        closeStream(row)
        row.failed = true
        row.live = 'poll'
        row.tr.dataset.live = 'poll'
        schedule(FALLBACK_POLL_MS)
      })
  }

  async function poll () {
    try {
      const { downloads = [] } = await api.get('/api/v1/downloads')
      for (const d of downloads) {
        const row = rows.get(d.contentId)
        // Rows fed by a live stream get their updates from it; the poll only adds and repairs.
        if (!row || !row.source) update(d)
      }
      listError.replaceChildren()
    } catch (e) {
      listError.replaceChildren(errorText(e))
    }
  }

  function schedule (ms) {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(async () => {
      await poll()
      schedule(polled() ? FALLBACK_POLL_MS : POLL_MS)
    }, ms)
  }

  async function start (event) {
    event.preventDefault()
    const body = { contentId: contentId.value.trim() }
    const providers = providersFrom(from.value)
    if (providers.length) body.from = providers
    if (out.value.trim()) body.out = out.value.trim()
    startStatus.replaceChildren(h('p', { class: 'muted' }, 'Starting…'))
    try {
      const d = await api.post('/api/v1/downloads', body)
      update(d)
      startStatus.replaceChildren(h('p', { class: 'muted' }, 'Started ', h('code', {}, d.contentId)))
      contentId.value = ''
    } catch (e) {
      startStatus.replaceChildren(errorText(e))
    }
  }

  view.replaceChildren(h('h1', {}, 'Downloads'),
    h('div', { class: 'card' },
      h('h2', {}, 'Download by content id'),
      h('form', { class: 'stack', id: 'start-download', onsubmit: start },
        h('label', {}, 'Content id', contentId),
        h('label', {}, 'Providers', from),
        h('label', {}, 'Subfolder', out),
        h('div', {}, h('button', { type: 'submit' }, 'Download'))),
      startStatus),
    h('div', { class: 'card' }, listError, table, empty))
  poll().then(() => schedule(polled() ? FALLBACK_POLL_MS : POLL_MS))
  return () => {
    stopped = true
    clearTimeout(timer)
    for (const row of rows.values()) closeStream(row)
  }
}
