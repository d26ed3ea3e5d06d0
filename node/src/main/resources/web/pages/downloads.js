import { api } from '../api.js'
import { h, table, errorText } from '../dom.js'
import { bytes, rate, percent } from '../format.js'
import { every } from '../live.js'

// One download as the list and its event stream describe it; field names follow download.Progress.
function fraction (d) {
  if (d.state === 'COMPLETED') return 1
  return d.totalBytes > 0 ? d.verifiedBytes / d.totalBytes : 0
}

function controls (d, refresh) {
  const act = action => async () => {
    try { await api.post(`/api/v1/downloads/${encodeURIComponent(d.id)}/${action}`) } catch (e) { alert(e.message) }
    refresh()
  }
  const running = d.state === 'RUNNING'
  const paused = d.state === 'PAUSED'
  return h('div', { class: 'actions' },
    running && h('button', { type: 'button', class: 'secondary', onclick: act('pause') }, 'Pause'),
    paused && h('button', { type: 'button', class: 'secondary', onclick: act('resume') }, 'Resume'),
    (running || paused) && h('button', { type: 'button', class: 'secondary', onclick: act('cancel') }, 'Cancel'))
}

export function render (view) {
  const body = h('div', { class: 'card' })
  view.replaceChildren(h('h1', {}, 'Downloads'), body)
  const refresh = async () => {
    try {
      const { downloads = [] } = await api.get('/api/v1/downloads')
      body.replaceChildren(table([
        { label: 'Content', cell: d => h('span', {}, d.title || h('code', {}, d.contentId)) },
        {
          label: 'Progress',
          cell: d => [h('progress', { max: 100, value: Math.floor(fraction(d) * 100) }),
            h('span', { class: 'percent' }, percent(fraction(d))), ' ',
            h('span', { class: 'muted' }, `${bytes(d.verifiedBytes)} of ${bytes(d.totalBytes)}`)]
        },
        { label: 'Rate', cell: d => rate(d.bytesPerSecond) },
        { label: 'Peers', cell: d => String(d.peers ?? 0) },
        { label: 'State', cell: d => [h('span', { class: 'state' }, d.state.toLowerCase()), d.error ? h('div', { class: 'error' }, d.error) : null] },
        { label: '', cell: d => controls(d, refresh) }
      ], downloads.map(d => ({ value: d, attrs: { 'data-download-id': d.id, 'data-state': d.state } })),
      'No downloads. Find something on the Search page.'))
    } catch (e) {
      body.replaceChildren(errorText(e))
    }
  }
  return every(1000, refresh)
}
