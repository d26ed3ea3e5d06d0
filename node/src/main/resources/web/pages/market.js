import { api } from '../api.js'
import { h, table, facts, errorText } from '../dom.js'
import { sats } from '../format.js'
import { qrSvg } from '../qr.js'
import { notEnabled } from './placeholder.js'

// Market (docs/api.md, "Market"): buy a listing (an order with its BIP21 payment URI and QR code), pay it from the
// node's wallet or any other, submit the payment, and see orders, licenses, listings and the wallet.
// #/market/buy/<listingId>/<seller> comes prefilled from a paid search result.
const BASE = '/api/v1/market'

function when (iso) {
  return iso ? new Date(iso).toLocaleString() : '—'
}

// The payment of one order: amount, address, the BIP21 URI as a link and as a QR code.
function paymentView (o) {
  return h('div', { class: 'payment', 'data-order-id': o.orderId },
    h('div', { class: 'qr', 'data-uri': o.paymentUri }, qrSvg(o.paymentUri, { scale: 4, label: `payment QR code for ${o.paymentUri}` })),
    facts([
      ['Order', h('code', {}, o.orderId)],
      ['Listing', h('code', {}, o.listingId)],
      ['Price', h('strong', { class: 'price' }, sats(o.amountSats ?? o.priceSats))],
      ['Pay to', h('code', { class: 'address' }, o.address)],
      ['Network', o.network],
      ['Expires', when(o.expiresAt)],
      ['Payment URI', h('a', { href: o.paymentUri, class: 'payment-uri' }, o.paymentUri)]
    ]))
}

function walletCard () {
  const card = h('div', { class: 'card', id: 'wallet' })
  const load = async () => {
    try {
      const w = await api.get('/api/v1/wallet')
      card.replaceChildren(h('h2', {}, 'Wallet'), facts([
        ['Network', w.network], ['Receive address', h('code', { class: 'wallet-address' }, w.address)],
        ['Balance', sats(w.balanceSats)], ['Estimated', sats(w.estimatedBalanceSats)]
      ]))
    } catch (e) {
      if (e.status !== 404) return card.replaceChildren(h('h2', {}, 'Wallet'), errorText(e))
      const create = h('button', { type: 'button', class: 'create-wallet' }, 'Create a wallet')
      create.addEventListener('click', async () => {
        create.disabled = true
        try { await api.post('/api/v1/wallet'); load() } catch (err) { create.after(errorText(err)); create.disabled = false }
      })
      card.replaceChildren(h('h2', {}, 'Wallet'), h('p', { class: 'muted' }, e.message), create)
    }
  }
  return { card, load }
}

function buyCard (args, refresh) {
  const listing = h('input', { type: 'text', name: 'listingId', required: true, value: args[0] === 'buy' ? (args[1] ?? '') : '' })
  const seller = h('input', { type: 'text', name: 'seller', required: true, placeholder: '12D3KooW… or /ip4/…/p2p/12D3KooW…', value: args[0] === 'buy' ? (args[2] ?? '') : '' })
  const out = h('div', { id: 'order' })
  async function buy (event) {
    event.preventDefault()
    out.replaceChildren(h('p', { class: 'muted' }, 'Asking the seller for an order…'))
    try {
      const order = await api.post(`${BASE}/orders`, { listingId: listing.value.trim(), seller: seller.value.trim() })
      out.replaceChildren(h('h3', {}, 'Pay this order'), paymentView(order), payForm(order, refresh))
      refresh()
    } catch (e) {
      out.replaceChildren(errorText(e))
    }
  }
  return h('div', { class: 'card' }, h('h2', {}, 'Buy'),
    h('form', { class: 'stack', id: 'buy', onsubmit: buy },
      h('label', {}, 'Listing (content id)', listing), h('label', {}, 'Seller', seller),
      h('div', {}, h('button', { type: 'submit' }, 'Get an order'))), out)
}

// Pay with the node's wallet (signs, not broadcast), or paste a transaction paid elsewhere, then submit it.
function payForm (order, refresh) {
  const rawTx = h('textarea', { name: 'rawTx', rows: 2, placeholder: 'the payment transaction, hex' })
  const proof = h('textarea', { name: 'proof', rows: 2, placeholder: 'optional: its merkle proof (gettxoutproof), hex' })
  const out = h('div', { role: 'status' })
  const fromWallet = h('button', { type: 'button', class: 'secondary' }, 'Sign with this node’s wallet')
  fromWallet.addEventListener('click', async () => {
    try {
      const tx = await api.post('/api/v1/wallet/pay', { orderId: order.orderId })
      rawTx.value = tx.rawTx
      out.replaceChildren(h('p', { class: 'muted' }, `Signed ${tx.txid}: broadcast it, and submit once it is mined.`))
    } catch (e) {
      out.replaceChildren(errorText(e))
    }
  })
  async function submit (event) {
    event.preventDefault()
    const body = { orderId: order.orderId, rawTx: rawTx.value.trim() }
    if (proof.value.trim()) body.proof = proof.value.trim()
    out.replaceChildren(h('p', { class: 'muted' }, 'The seller is verifying the payment…'))
    try {
      const license = await api.post(`${BASE}/payments`, body)
      out.replaceChildren(h('p', { class: 'ok' }, `Licensed: paid ${sats(license.paidSats)} in ${license.txid}.`))
      refresh()
    } catch (e) {
      out.replaceChildren(errorText(e))
    }
  }
  return h('form', { class: 'stack', onsubmit: submit }, h('div', {}, fromWallet),
    h('label', {}, 'Transaction', rawTx), h('label', {}, 'Proof', proof),
    h('div', {}, h('button', { type: 'submit' }, 'Submit payment')), out)
}

export async function render (view, { args }) {
  if (!await api.exists(`${BASE}/orders`)) return notEnabled(view, 'Market', 'Listings, orders and payments')
  const orders = h('div', { class: 'card', id: 'orders' })
  const licenses = h('div', { class: 'card', id: 'licenses' })
  const listings = h('div', { class: 'card', id: 'listings' })
  const wallet = walletCard()
  async function refresh () {
    try {
      const [o, l, s] = await Promise.all([api.get(`${BASE}/orders`), api.get(`${BASE}/licenses`), api.get(`${BASE}/listings`)])
      const orderColumns = [
        { label: 'Order', cell: x => h('code', {}, x.orderId.slice(0, 16) + '…') },
        { label: 'Listing', cell: x => h('code', {}, x.listingId) },
        { label: 'Amount', cell: x => sats(x.amountSats) },
        { label: 'Pay to', cell: x => h('a', { href: x.paymentUri }, x.address) },
        { label: 'Expires', cell: x => when(x.expiresAt) }
      ]
      orders.replaceChildren(h('h2', {}, 'Purchases'), table(orderColumns, o.purchases ?? [], 'No purchases.'),
        h('h2', {}, 'Sales'), table(orderColumns, o.sales ?? [], 'No sales.'))
      const licenseColumns = [
        { label: 'Listing', cell: x => h('code', {}, x.listingId) },
        { label: 'Buyer', cell: x => h('code', {}, x.buyer) },
        { label: 'Paid', cell: x => sats(x.paidSats) },
        { label: 'Transaction', cell: x => h('code', {}, x.txid) },
        { label: 'Issued', cell: x => when(x.issuedAt) }
      ]
      licenses.replaceChildren(h('h2', {}, 'Licenses held'), table(licenseColumns, l.held ?? [], 'None.'),
        h('h2', {}, 'Licenses issued'), table(licenseColumns, l.issued ?? [], 'None.'))
      listings.replaceChildren(h('h2', {}, 'Selling'), table([
        { label: 'Listing', cell: x => h('code', {}, x.listingId) },
        { label: 'Price', cell: x => sats(x.priceSats) },
        { label: 'Payout', cell: x => h('code', {}, x.payout) },
        { label: 'Network', cell: x => x.network },
        { label: 'Resale', cell: x => (x.resale ? 'yes' : 'no') }
      ], s.listings ?? [], 'Nothing for sale. Share a file with a price on the Shares page.'))
    } catch (e) {
      orders.replaceChildren(errorText(e))
    }
  }
  view.replaceChildren(h('h1', {}, 'Market'), buyCard(args, refresh), orders, licenses, listings, wallet.card)
  wallet.load()
  await refresh()
}
