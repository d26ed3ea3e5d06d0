// What Market and Blocklists show when this node answers 404 for their routes: the feature is not enabled here yet.
import { h } from '../dom.js'

export function notEnabled (view, title, what) {
  view.replaceChildren(h('h1', {}, title), h('div', { class: 'card not-enabled' },
    h('p', {}, `${what} are not enabled on this node yet.`),
    h('p', { class: 'muted' }, 'This page fills in once the node runs a version with this feature.')))
}
