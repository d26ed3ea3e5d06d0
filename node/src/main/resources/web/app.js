// The shell: a hash router that gives each page module the main element. A page module exports
// render(view, ctx) and may return a function that stops its timers and event streams when the page is left.
import { api } from './api.js'
import { h, errorText } from './dom.js'

const PAGES = ['search', 'downloads', 'shares', 'market', 'blocklists', 'peers', 'status']
const view = document.getElementById('view')
const nav = document.getElementById('nav')
const menu = document.querySelector('.menu')
let stopCurrent = null

function currentRoute () {
  const [name, ...rest] = window.location.hash.replace(/^#\/?/, '').split('/')
  return { name: PAGES.includes(name) ? name : 'search', args: rest.map(decodeURIComponent) }
}

async function show () {
  const { name, args } = currentRoute()
  if (stopCurrent) { try { stopCurrent() } catch { /* a page's cleanup must not block the next page */ } }
  stopCurrent = null
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  nav.classList.remove('open')
  menu.setAttribute('aria-expanded', 'false')
  document.title = `Grapevine: ${name[0].toUpperCase()}${name.slice(1)}`
  view.replaceChildren(h('p', { class: 'muted' }, 'Loading…'))
  view.dataset.page = name
  try {
    const page = await import(`./pages/${name}.js`)
    const stop = await page.render(view, { args, navigate })
    if (typeof stop === 'function') stopCurrent = stop
  } catch (e) {
    view.replaceChildren(h('h1', {}, name), errorText(e))
  }
}

export function navigate (hash) {
  window.location.hash = hash
}

menu.addEventListener('click', () => {
  const open = nav.classList.toggle('open')
  menu.setAttribute('aria-expanded', String(open))
})
document.getElementById('logout').addEventListener('click', async () => {
  try { await api.delete('/api/v1/session') } finally { window.location.assign('/') }
})
window.addEventListener('hashchange', show)
show()
