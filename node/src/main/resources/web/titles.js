// Titles of content ids this browser has seen (shares, search results), so Downloads can show a title where the
// download itself only knows its content id. Kept for the tab's session; a title is display text only.
const KEY = 'grapevine-titles'
const MAX = 500

function load () {
  try { return JSON.parse(sessionStorage.getItem(KEY)) ?? {} } catch { return {} }
}

export function rememberTitle (contentId, title) {
  if (!contentId || !title) return
  const titles = load()
  delete titles[contentId]
  titles[contentId] = String(title).slice(0, 300)
  const ids = Object.keys(titles)
  for (const old of ids.slice(0, Math.max(0, ids.length - MAX))) delete titles[old]
  try { sessionStorage.setItem(KEY, JSON.stringify(titles)) } catch { /* storage full or disabled: titles are optional */ }
}

export function titleOf (contentId) {
  return load()[contentId] ?? null
}
