import { api } from '../api.js'
import { h, table, errorText } from '../dom.js'
import { sats } from '../format.js'
import { notEnabled } from './placeholder.js'

const ORDERS = '/api/v1/market/orders'

export async function render (view) {
  if (!await api.exists(ORDERS)) return notEnabled(view, 'Market', 'Listings, orders and payments')
  const body = h('div', { class: 'card' })
  view.replaceChildren(h('h1', {}, 'Market'), body)
  try {
    const { orders = [] } = await api.get(ORDERS)
    body.replaceChildren(table([
      { label: 'Order', cell: o => h('code', {}, o.id) },
      { label: 'Content', cell: o => o.title ?? o.contentId },
      { label: 'Price', cell: o => sats(o.priceSats) },
      { label: 'State', cell: o => o.state }
    ], orders, 'No orders yet.'))
  } catch (e) {
    body.replaceChildren(errorText(e))
  }
}
