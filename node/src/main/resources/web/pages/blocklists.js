import { api, query } from '../api.js'
import { h, table, facts, errorText } from '../dom.js'
import { notEnabled } from './placeholder.js'

// Community blocklists (docs/api.md): the lists this node knows and follows, one list's tallies and its vote form,
// following a list from another node by its signed definition, founding a list, why-blocked, and local overrides.
// #/blocklists shows the overview; #/blocklists/<id> one list.
const LISTS = '/api/v1/blocklists'

const short = id => (id && id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id)
const ruleText = r => (r ? `≥ ${r.minVotes} votes, ≥ ${r.fraction} block` : '—')
const targetText = t => t.content ?? t.publisher

// {content} or {publisher} from a target field: peer ids start with 12D3Koo or Qm, everything else is a content id.
function target (text) {
  const value = text.trim()
  return /^(12D3Koo|Qm)/.test(value) ? { publisher: value } : { content: value }
}

function verdictView (v) {
  return h('div', { class: 'verdict', 'data-blocked': String(v.blocked) },
    h('p', {}, h('strong', { class: v.blocked ? 'error' : 'ok' }, v.blocked ? 'Blocked' : 'Not blocked'), ' — ', v.reason ?? ''),
    facts([['Target', h('code', {}, targetText(v))], ['Local override', v.local ?? 'none'],
      ...(v.denylist ? [['Denylist', v.denylist]] : [])]),
    table([
      { label: 'List', cell: l => l.name ?? short(l.id) },
      { label: 'Block', cell: l => String(l.block) },
      { label: 'Unblock', cell: l => String(l.unblock) },
      { label: 'Rule', cell: l => [ruleText(l.rule), l.localRule ? h('span', { class: 'muted' }, ' (local)') : ''] },
      { label: 'Says', cell: l => (l.blocked ? 'block' : 'allow') }
    ], v.lists ?? [], 'No followed list has votes on it.'))
}

function targetForm (id, buttonText, extra, submit) {
  const input = h('input', { type: 'text', name: 'target', required: true, placeholder: 'content id or publisher peer id' })
  const out = h('div', { role: 'status', class: 'result' })
  const form = h('form', { class: 'row', id, onsubmit: async e => {
    e.preventDefault()
    out.replaceChildren(h('p', { class: 'muted' }, 'Working…'))
    try { out.replaceChildren(await submit(target(input.value), e.submitter)) } catch (err) { out.replaceChildren(errorText(err)) }
  } }, input, extra, h('button', { type: 'submit' }, buttonText))
  return [form, out]
}

async function overview (view, navigate) {
  const lists = h('div', { class: 'card', id: 'lists' })
  const refresh = async () => {
    try {
      const answer = await api.get(LISTS)
      lists.replaceChildren(h('h2', {}, 'Lists'), table([
        { label: 'List', cell: l => h('a', { href: `#/blocklists/${l.id}`, class: 'list-name' }, l.name) },
        { label: 'Voting', cell: l => l.votingMode },
        { label: 'Rule', cell: l => [ruleText(l.localRule ?? l.rule), l.localRule ? h('span', { class: 'muted' }, ' (local)') : ''] },
        { label: 'Votes', cell: l => String(l.votes ?? 0) },
        { label: 'Following', cell: l => h('span', { class: 'following' }, l.followed ? 'yes' : 'no') },
        { label: '', cell: l => followButton(l, refresh) }
      ], (answer.lists ?? []).map(l => ({ value: l, attrs: { 'data-list-id': l.id, 'data-followed': String(l.followed) } })),
      'This node knows no list yet. Follow one by its definition, or found one.'),
      answer.denylists?.length ? h('p', { class: 'muted' }, `Imported denylists: ${answer.denylists.length}`) : '')
    } catch (e) {
      lists.replaceChildren(errorText(e))
    }
  }

  const followId = h('input', { type: 'text', name: 'listId', required: true, placeholder: 'list id (64 hex digits)' })
  const definition = h('textarea', { name: 'definition', rows: 3, placeholder: 'signed definition (base64), from the list page on a node that has it' })
  const minVotes = h('input', { type: 'number', name: 'minVotes', min: 1, step: 1, placeholder: 'list rule' })
  const fraction = h('input', { type: 'text', name: 'fraction', placeholder: 'e.g. 2/3' })
  const followOut = h('div', { role: 'status' })
  const follow = async e => {
    e.preventDefault()
    const body = {}
    if (definition.value.trim()) body.definition = definition.value.trim()
    if (minVotes.value) body.minVotes = Number(minVotes.value)
    if (fraction.value.trim()) body.fraction = fraction.value.trim()
    try {
      const l = await api.post(`${LISTS}/${encodeURIComponent(followId.value.trim())}/follow`, body)
      followOut.replaceChildren(h('p', { class: 'ok' }, `Following ${l.name}.`))
      refresh()
    } catch (err) {
      followOut.replaceChildren(errorText(err))
    }
  }

  const name = h('input', { type: 'text', name: 'name', required: true })
  const description = h('input', { type: 'text', name: 'description' })
  const mode = h('select', { name: 'votingMode' }, h('option', { value: 'open' }, 'open (proof-of-work stamp)'), h('option', { value: 'members-only' }, 'members only'))
  const createMin = h('input', { type: 'number', name: 'minVotes', min: 1, step: 1, value: 3 })
  const createFraction = h('input', { type: 'text', name: 'fraction', value: '1/2' })
  const createOut = h('div', { role: 'status' })
  const create = async e => {
    e.preventDefault()
    createOut.replaceChildren(h('p', { class: 'muted' }, 'Founding…'))
    try {
      const l = await api.post(LISTS, { name: name.value.trim(), description: description.value.trim(), votingMode: mode.value, minVotes: Number(createMin.value), fraction: createFraction.value.trim() })
      navigate(`#/blocklists/${l.id}`)
    } catch (err) {
      createOut.replaceChildren(errorText(err))
    }
  }

  const [whyForm, whyOut] = targetForm('why', 'Why?', null, async t => verdictView(await api.get(`/api/v1/blocking/why?${query(t)}`)))
  const action = h('select', { name: 'action' }, ['allow', 'block', 'clear'].map(a => h('option', { value: a }, a)))
  const [localForm, localOut] = targetForm('local', 'Set', action, async t => verdictView(await api.post('/api/v1/blocking/local', { ...t, action: action.value })))

  view.replaceChildren(h('h1', {}, 'Blocklists'), lists,
    h('div', { class: 'card' }, h('h2', {}, 'Why is it blocked?'), whyForm, whyOut),
    h('div', { class: 'card' }, h('h2', {}, 'Local override'),
      h('p', { class: 'muted' }, 'Your own word beats every list: allow or block a content id or publisher here, or clear it.'),
      localForm, localOut),
    h('div', { class: 'card' }, h('h2', {}, 'Follow a list'),
      h('form', { class: 'stack', id: 'follow', onsubmit: follow },
        h('label', {}, 'List id', followId), h('label', {}, 'Definition', definition),
        h('label', {}, 'Local minimum votes', minVotes), h('label', {}, 'Local fraction', fraction),
        h('div', {}, h('button', { type: 'submit' }, 'Follow'))), followOut),
    h('div', { class: 'card' }, h('h2', {}, 'Found a list'),
      h('form', { class: 'stack', id: 'create', onsubmit: create },
        h('label', {}, 'Name', name), h('label', {}, 'Description', description), h('label', {}, 'Who votes', mode),
        h('label', {}, 'Minimum votes', createMin), h('label', {}, 'Fraction that must say block', createFraction),
        h('div', {}, h('button', { type: 'submit' }, 'Found'))), createOut))
  await refresh()
}

function followButton (l, refresh) {
  const action = l.followed ? 'unfollow' : 'follow'
  const button = h('button', { type: 'button', class: `secondary ${action}` }, l.followed ? 'Unfollow' : 'Follow')
  button.addEventListener('click', async () => {
    button.disabled = true
    try { await api.post(`${LISTS}/${encodeURIComponent(l.id)}/${action}`) } catch (e) { button.after(errorText(e)) }
    refresh()
  })
  return button
}

async function detail (view, id) {
  const body = h('div', { class: 'card', id: 'list' })
  const tallies = h('div', { class: 'card', id: 'tallies' })
  const reason = h('select', { name: 'reason' })
  const voteAction = h('select', { name: 'action' }, h('option', { value: 'block' }, 'block'), h('option', { value: 'unblock' }, 'unblock'))
  const [voteForm, voteOut] = targetForm('vote', 'Vote', [voteAction, reason], async t => {
    const v = await api.post(`${LISTS}/${encodeURIComponent(id)}/votes`, { ...t, action: voteAction.value, reason: reason.value })
    refresh()
    return verdictView(v)
  })
  async function refresh () {
    const l = await api.get(`${LISTS}/${encodeURIComponent(id)}`)
    if (!reason.options.length) reason.replaceChildren(...(l.categories ?? []).map(c => h('option', { value: c }, c)))
    body.replaceChildren(h('h2', {}, l.name), l.description ? h('p', {}, l.description) : '', facts([
      ['List id', h('code', {}, l.id)], ['Founder', h('code', {}, l.founder)], ['Voting', `${l.votingMode}${l.stampDifficulty ? `, stamp of ${l.stampDifficulty} bits` : ''}`],
      ['Rule', ruleText(l.rule)], ['Local rule', ruleText(l.localRule)], ['Following', l.followed ? 'yes' : 'no'],
      ['Votes', `${l.votes ?? 0}${l.pending ? ` (${l.pending} pending)` : ''}`],
      ['Definition', h('textarea', { readonly: true, rows: 3, class: 'definition', 'aria-label': 'signed definition' }, l.definition ?? '')]
    ]))
    tallies.replaceChildren(h('h2', {}, 'Tallies'), table([
      { label: 'Target', cell: t => h('code', {}, targetText(t)) },
      { label: 'Block', cell: t => h('span', { class: 'block-votes' }, String(t.block)) },
      { label: 'Unblock', cell: t => String(t.unblock) },
      { label: 'Blocked', cell: t => h('span', { class: t.blocked ? 'error' : 'ok' }, t.blocked ? 'yes' : 'no') }
    ], (l.targets ?? []).map(t => ({ value: t, attrs: { 'data-target': targetText(t) } })), 'No votes yet.'))
  }
  view.replaceChildren(h('h1', {}, 'Blocklist'), h('p', {}, h('a', { href: '#/blocklists' }, '← all lists')), body,
    h('div', { class: 'card' }, h('h2', {}, 'Vote'), voteForm, voteOut), tallies)
  try { await refresh() } catch (e) { body.replaceChildren(errorText(e)) }
}

export async function render (view, { args, navigate }) {
  if (!await api.exists(LISTS)) return notEnabled(view, 'Blocklists', 'Community blocklists')
  if (args[0]) return detail(view, args[0])
  return overview(view, navigate)
}
