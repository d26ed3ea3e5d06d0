// Drives Grapevine's web UI in Debian's chromium and prints what it saw as one JSON line (WebUiBrowserTest asserts
// on it). Input: GRAPEVINE_WEB_TEST, JSON {a:{web,peerId,address}, b:{web,peerId,address}, screenshots,
// share:{path,title}|null, search:{path,title,word}|null, blocklists:{name}|null,
// market:{path,title,word,priceSats}|null}.
// Each step waits with a bounded timeout; a failed step is reported with its name and the page's text.
import { chromium } from 'playwright-core'
import jsQR from 'jsqr'
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const config = JSON.parse(process.env.GRAPEVINE_WEB_TEST)
const STEP_MS = 30_000
const report = { steps: [] }
const shots = config.screenshots
mkdirSync(shots, { recursive: true })

const origin = web => new URL(web).origin
const profile = mkdtempSync(join(tmpdir(), 'grapevine-chromium-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 800 }
})
context.setDefaultTimeout(STEP_MS)
const consoleErrors = []
const pageErrors = []
let evil = null

async function step (name, fn) {
  report.steps.push(name)
  try {
    return await fn()
  } catch (e) {
    const pages = context.pages()
    const text = pages.length ? await pages[0].innerText('body').catch(() => '') : ''
    if (pages.length) await pages[0].screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {})
    throw new Error(`step '${name}' failed: ${e.message}\npage text: ${text.slice(0, 2000)}`)
  }
}

async function login (page, node) {
  await page.goto(node.web)
  await page.waitForSelector('#view[data-page]')
  const cookies = await context.cookies(origin(node.web))
  const port = new URL(node.web).port
  const session = cookies.find(c => c.name === `grapevine-session-${port}`)
  return {
    url: page.url(),
    cookie: session && { httpOnly: session.httpOnly, sameSite: session.sameSite, path: session.path, valueIsToken: node.web.endsWith(session.value) },
    documentCookie: await page.evaluate(() => document.cookie)
  }
}

async function show (page, node, name) {
  await page.goto(`${origin(node.web)}/#/${name}`)
  await page.waitForSelector(`#view[data-page="${name}"]`)
}

// Draws the <svg> at `selector` on a canvas in the page and reads it back with jsQR: what a phone camera would see.
async function scanSvg (page, selector) {
  const image = await page.evaluate(async selector => {
    const svg = document.querySelector(selector)
    const source = 'data:image/svg+xml;base64,' + btoa(new XMLSerializer().serializeToString(svg))
    const img = new Image()
    await new Promise((resolve, reject) => { img.onload = resolve; img.onerror = reject; img.src = source })
    const canvas = document.createElement('canvas')
    canvas.width = img.width
    canvas.height = img.height
    const g = canvas.getContext('2d')
    g.drawImage(img, 0, 0)
    return { width: img.width, height: img.height, data: Array.from(g.getImageData(0, 0, img.width, img.height).data) }
  }, selector)
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null
}

try {
  const page = context.pages()[0] ?? await context.newPage()
  page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()) })
  page.on('pageerror', e => pageErrors.push(e.message))

  report.loginA = await step('log in to A by the web: URL', () => login(page, config.a))

  report.status = await step('Status shows A and a connected peer', async () => {
    await show(page, config.a, 'status')
    await page.waitForFunction(() => Number(document.querySelector('#connected-peers')?.textContent) >= 1)
    const result = { peerId: await page.textContent('#peer-id'), connectedPeers: Number(await page.textContent('#connected-peers')) }
    await page.screenshot({ path: join(shots, 'status.png'), fullPage: true })
    return result
  })

  report.peers = await step('Peers lists B', async () => {
    await show(page, config.a, 'peers')
    await page.waitForSelector(`.peer-id >> text=${config.b.peerId}`)
    await page.screenshot({ path: join(shots, 'peers.png'), fullPage: true })
    return { peerIds: await page.$$eval('.peer-id', els => els.map(e => e.textContent)) }
  })

  report.pages = {}
  for (const name of ['search', 'downloads', 'shares', 'market', 'blocklists']) {
    report.pages[name] = await step(`${name} page renders`, async () => {
      await show(page, config.a, name)
      await page.waitForFunction(() => !document.querySelector('#view')?.textContent.includes('Loading…'))
      await page.waitForTimeout(300) // first refresh of the lists
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
      return {
        heading: await page.textContent('#view h1'),
        notEnabled: await page.locator('.not-enabled').count() > 0,
        errors: await page.$$eval('#view .error', els => els.map(e => e.textContent))
      }
    })
  }

  report.qr = await step('the QR encoder (qr.js) makes codes an independent decoder (jsQR) reads', async () => {
    const texts = ['a', 'bitcoin:bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080?amount=0.00012345&label=Grapevine%20order',
      'x'.repeat(150), 'é€ grapevine ✓', 'y'.repeat(400)]
    const codes = await page.evaluate(async texts => {
      const { encodeQr } = await import('/ui/qr.js')
      return texts.map(t => encodeQr(t))
    }, texts)
    const decoded = codes.map(({ size, version, modules }, i) => {
      const scale = 3
      const width = (size + 8) * scale
      const pixels = new Uint8ClampedArray(width * width * 4).fill(255)
      for (let r = 0; r < size; r++) {
        for (let c = 0; c < size; c++) {
          if (!modules[r][c]) continue
          for (let y = 0; y < scale; y++) {
            for (let x = 0; x < scale; x++) pixels.fill(0, (((r + 4) * scale + y) * width + (c + 4) * scale + x) * 4, (((r + 4) * scale + y) * width + (c + 4) * scale + x) * 4 + 3)
          }
        }
      }
      return { version, same: jsQR(pixels, width, width)?.data === texts[i] }
    })
    // The rendered <svg> too: drawn on a canvas in the page, read back as pixels.
    const uri = texts[1]
    const image = await page.evaluate(async uri => {
      const { qrSvg } = await import('/ui/qr.js')
      const svg = qrSvg(uri, { scale: 4 })
      const source = 'data:image/svg+xml;base64,' + btoa(new XMLSerializer().serializeToString(svg))
      const img = new Image()
      await new Promise((resolve, reject) => { img.onload = resolve; img.onerror = reject; img.src = source })
      const canvas = document.createElement('canvas')
      canvas.width = img.width
      canvas.height = img.height
      const g = canvas.getContext('2d')
      g.drawImage(img, 0, 0)
      return { width: img.width, height: img.height, data: Array.from(g.getImageData(0, 0, img.width, img.height).data) }
    }, uri)
    const fromSvg = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null
    return { decoded, svgDecoded: fromSvg === uri }
  })

  report.phone = await step('phone layout folds the nav', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await show(page, config.a, 'peers')
    const before = await page.isVisible('#nav a[data-page="status"]')
    await page.screenshot({ path: join(shots, 'phone-peers.png'), fullPage: true })
    await page.click('button.menu')
    const after = await page.isVisible('#nav a[data-page="status"]')
    await page.screenshot({ path: join(shots, 'phone-menu.png') })
    await page.click('#nav a[data-page="status"]')
    await page.waitForSelector('#view[data-page="status"]')
    await page.setViewportSize({ width: 1200, height: 800 })
    return { navVisibleBefore: before, navVisibleAfterMenu: after }
  })

  report.crossSite = await step('a form on another origin posts to A', async () => {
    // Another port on 127.0.0.1: same site for cookies (so the session cookie goes along), not the same origin.
    const target = `${origin(config.a.web)}/api/v1/downloads`
    evil = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end(`<form method="post" action="${target}" enctype="text/plain"><input name='{"contentId":"x","a' value='"}'></form>` +
        '<script>document.forms[0].submit()</script>')
    })
    await new Promise(resolve => evil.listen(0, '127.0.0.1', resolve))
    const responded = page.waitForResponse(r => r.url() === target && r.request().method() === 'POST')
    await page.goto(`http://127.0.0.1:${evil.address().port}/`)
    const response = await responded
    return { status: response.status(), body: await response.text() }
  })

  if (config.share) {
    report.loginB = await step('log in to B', () => login(page, config.b))

    report.settings = await step('settings on B: a refused value shows the API message, then a slow limit is saved', async () => {
      await show(page, config.b, 'status')
      const limit = 'input[name="rateLimits.downloadBytesPerSecond"]'
      await page.waitForSelector('#settings fieldset:not([disabled])')
      await page.fill(limit, '1')
      await page.click('#settings button[type="submit"]')
      // Any outcome first, so a wrong one is reported as what it is.
      const outcome = await page.waitForSelector('#settings-status :is(.error, .ok)')
      const refused = (await outcome.textContent()).trim()
      const invalid = await page.getAttribute(limit, 'aria-invalid')
      await page.screenshot({ path: join(shots, 'status-settings-refused.png'), fullPage: true })
      // 256 KiB/s: slow enough that a 3 MiB download can be paused and resumed while we watch.
      await page.fill(limit, '256')
      await page.click('#settings button[type="submit"]')
      await page.waitForSelector('#settings-status .ok')
      const saved = await page.evaluate(async () => (await (await fetch('/api/v1/settings')).json()).rateLimits.downloadBytesPerSecond)
      return { refused, invalid, saved }
    })

    report.share = await step('share a file on A through the Shares page', async () => {
      await show(page, config.a, 'shares')
      await page.fill('input[name="path"]', config.share.path)
      await page.fill('input[name="title"]', config.share.title)
      await page.click('form.stack button[type="submit"]')
      const contentId = (await page.textContent('#shared-content-id', { timeout: 120_000 })).trim()
      await page.waitForSelector(`#shares td >> text=${contentId}`)
      await page.screenshot({ path: join(shots, 'shares-after.png'), fullPage: true })
      return { contentId }
    })

    report.download = await step('download it on B by content id from A: live progress, pause, resume, 100%', async () => {
      const contentId = report.share.contentId
      await show(page, config.b, 'downloads')
      await page.fill('input[name="contentId"]', contentId)
      await page.fill('textarea[name="from"]', config.a.address)
      await page.click('#start-download button[type="submit"]')
      const row = `#downloads tr[data-content-id="${contentId}"]`
      await page.waitForSelector(`${row}[data-state="running"][data-live="sse"]`)
      await page.screenshot({ path: join(shots, 'downloads-running.png'), fullPage: true })
      await page.click(`${row} button.pause`)
      await page.waitForSelector(`${row}[data-state="paused"] button.resume`)
      await page.waitForTimeout(1000) // a chunk already on the wire may still land
      const pausedAt = await page.textContent(`${row} .percent`)
      await page.waitForTimeout(3000)
      const stillAt = await page.textContent(`${row} .percent`)
      const stillState = await page.getAttribute(row, 'data-state')
      await page.screenshot({ path: join(shots, 'downloads-paused.png'), fullPage: true })
      await page.click(`${row} button.resume`)
      await page.waitForSelector(`${row}[data-state="completed"] .percent >> text=100%`, { timeout: 120_000 })
      await page.screenshot({ path: join(shots, 'downloads-complete.png'), fullPage: true })
      return {
        contentId,
        pausedAt,
        stillAt,
        stillState,
        live: await page.getAttribute(row, 'data-live'),
        percent: await page.textContent(`${row} .percent`),
        files: await page.$$eval(`${row} code.file`, els => els.map(e => e.textContent))
      }
    })
  }

  if (config.search) {
    report.search = await step('search on B for what A shared and download it from the result (no from)', async () => {
      await show(page, config.a, 'shares')
      await page.fill('input[name="path"]', config.search.path)
      await page.fill('input[name="title"]', config.search.title)
      await page.click('form.stack button[type="submit"]')
      await page.waitForFunction(t => document.querySelector('#shared-content-id') &&
        document.querySelector('[role="status"]')?.textContent.includes(t), config.search.title, { timeout: 120_000 })
      const contentId = (await page.textContent('#shared-content-id')).trim()
      await show(page, config.b, 'search')
      // The announcement takes a moment to reach B: search again until the result shows.
      const row = `#results tr[data-content-id="${contentId}"]`
      const deadline = Date.now() + 60_000
      while (!(await page.locator(row).count())) {
        if (Date.now() > deadline) {
          const all = await page.evaluate(async () => (await fetch('/api/v1/search?q=*&limit=10')).text())
          throw new Error(`no search result for ${contentId}; B's index holds: ${all.slice(0, 1500)}`)
        }
        await page.fill('input[name="q"]', config.search.word)
        await page.click('form.row button[type="submit"]')
        await page.waitForSelector('#results :is(table, .empty, .error)')
        if (!(await page.locator(row).count())) await page.waitForTimeout(1000)
      }
      const result = {
        contentId,
        title: await page.textContent(`${row} strong`),
        marked: await page.$$eval(`${row} mark`, els => els.map(e => e.textContent)),
        badge: await page.textContent(`${row} .badge`),
        providers: Number(await page.textContent(`${row} td[data-label="Providers"]`))
      }
      await page.screenshot({ path: join(shots, 'search-results.png'), fullPage: true })
      // This time the event stream breaks: the page must fall back to polling and still see the end.
      await page.route('**/events', route => route.abort())
      await page.click(`${row} button.download`)
      await page.waitForSelector('#view[data-page="downloads"]')
      const done = `#downloads tr[data-content-id="${contentId}"][data-state="completed"]`
      await page.waitForSelector(`${done} .percent >> text=100%`, { timeout: 120_000 })
      await page.screenshot({ path: join(shots, 'downloads-from-search.png'), fullPage: true })
      result.percent = await page.textContent(`${done} .percent`)
      result.shownTitle = await page.textContent(`${done} strong`)
      result.files = await page.$$eval(`${done} code.file`, els => els.map(e => e.textContent))
      result.live = await page.getAttribute(done, 'data-live')
      await page.unroute('**/events')
      return result
    })
  }

  if (config.blocklists && report.share) {
    report.blocklists = await step('found a list on A, follow it on B, vote, see the tally, ask why, override locally', async () => {
      const contentId = report.share.contentId
      await show(page, config.a, 'blocklists')
      await page.fill('#create input[name="name"]', config.blocklists.name)
      await page.fill('#create input[name="minVotes"]', '1')
      await page.fill('#create input[name="fraction"]', '1/2')
      await page.click('#create button[type="submit"]')
      await page.waitForSelector('#list textarea.definition')
      const listId = decodeURIComponent(new URL(page.url()).hash.split('/')[2])
      const definition = await page.inputValue('#list textarea.definition')
      await page.screenshot({ path: join(shots, 'blocklist-founded.png'), fullPage: true })

      await show(page, config.b, 'blocklists')
      await page.fill('#follow input[name="listId"]', listId)
      await page.fill('#follow textarea[name="definition"]', definition)
      await page.click('#follow button[type="submit"]')
      await page.waitForSelector(`#lists tr[data-list-id="${listId}"][data-followed="true"]`)
      await page.screenshot({ path: join(shots, 'blocklists-following.png'), fullPage: true })

      await page.click(`#lists tr[data-list-id="${listId}"] a.list-name`)
      await page.waitForSelector('#list textarea.definition')
      await page.fill('#vote input[name="target"]', contentId)
      await page.selectOption('#vote select[name="reason"]', 'spam')
      await page.click('#vote button[type="submit"]')
      const verdict = await page.waitForSelector('.result .verdict')
      const voted = await verdict.getAttribute('data-blocked')
      const tallyRow = `#tallies tr[data-target="${contentId}"]`
      await page.waitForSelector(`${tallyRow} .block-votes >> text=1`)
      await page.screenshot({ path: join(shots, 'blocklist-voted.png'), fullPage: true })

      await show(page, config.b, 'blocklists')
      await page.fill('#why input[name="target"]', contentId)
      await page.click('#why button[type="submit"]')
      const why = await page.waitForSelector('#why + .result .verdict')
      const whyBlocked = await why.getAttribute('data-blocked')
      const whyText = await why.textContent()
      await page.fill('#local input[name="target"]', contentId)
      await page.selectOption('#local select[name="action"]', 'allow')
      await page.click('#local button[type="submit"]')
      const local = await page.waitForSelector('#local + .result .verdict')
      const allowed = await local.getAttribute('data-blocked')
      await page.screenshot({ path: join(shots, 'blocklists-why-local.png'), fullPage: true })

      // The vote travels by gossip: A's tally of its own list counts it.
      const seenOnA = await (async () => {
        const deadline = Date.now() + 30_000
        while (Date.now() < deadline) {
          await page.goto(`${origin(config.a.web)}/#/blocklists`)
          await page.waitForSelector('#lists h2')
          await page.goto(`${origin(config.a.web)}/#/blocklists/${listId}`)
          await page.waitForSelector('#tallies h2')
          if (await page.locator(`${tallyRow} .block-votes >> text=1`).count()) return true
          await page.waitForTimeout(1000)
        }
        return false
      })()
      await page.screenshot({ path: join(shots, 'blocklist-on-a.png'), fullPage: true })
      return { listId, voted, whyBlocked, whyText, allowed, seenOnA }
    })
  }

  if (config.market) {
    report.market = await step('sell on A with a wallet address as payout; on B find it paid, order it, see the BIP21 QR', async () => {
      await show(page, config.a, 'market')
      await page.click('#wallet button.create-wallet')
      const payout = (await page.textContent('#wallet .wallet-address')).trim()
      await show(page, config.a, 'shares')
      await page.fill('input[name="path"]', config.market.path)
      await page.fill('input[name="title"]', config.market.title)
      await page.fill('input[name="priceSats"]', String(config.market.priceSats))
      await page.fill('input[name="payout"]', payout)
      await page.click('form.stack button[type="submit"]')
      await page.waitForFunction(t => document.querySelector('#shared-content-id') &&
        document.querySelector('[role="status"]')?.textContent.includes(t), config.market.title, { timeout: 120_000 })
      const contentId = (await page.textContent('#shared-content-id')).trim()

      await show(page, config.b, 'search')
      const row = `#results tr[data-content-id="${contentId}"]`
      const deadline = Date.now() + 60_000
      while (!(await page.locator(row).count())) {
        if (Date.now() > deadline) throw new Error(`no search result for ${contentId}`)
        await page.fill('input[name="q"]', config.market.word)
        await page.click('form.row button[type="submit"]')
        await page.waitForSelector('#results :is(table, .empty, .error)')
        if (!(await page.locator(row).count())) await page.waitForTimeout(1000)
      }
      const badge = await page.textContent(`${row} .badge`)
      await page.screenshot({ path: join(shots, 'search-paid.png'), fullPage: true })
      await page.click(`${row} a.buy`)
      await page.waitForSelector('#buy input[name="seller"]')
      await page.click('#buy button[type="submit"]')
      await page.waitForSelector('#order .payment .qr svg', { timeout: 90_000 })
      await page.screenshot({ path: join(shots, 'market-order.png'), fullPage: true })
      return {
        contentId,
        payout,
        badge,
        price: await page.textContent('#order .price'),
        address: await page.textContent('#order .address'),
        uri: await page.getAttribute('#order a.payment-uri', 'href'),
        qrText: await scanSvg(page, '#order .qr svg')
      }
    })
  }

  report.logout = await step('log out ends the session', async () => {
    await show(page, config.a, 'status')
    await page.click('#logout')
    await page.waitForSelector('form input[name="token"]')
    const status = await page.evaluate(async () => (await fetch('/api/v1/status')).status)
    await page.screenshot({ path: join(shots, 'login.png'), fullPage: true })
    return { url: page.url(), statusAfter: status }
  })
  report.ok = true
} catch (e) {
  report.ok = false
  report.error = e.message
} finally {
  report.consoleErrors = consoleErrors
  report.pageErrors = pageErrors
  evil?.close()
  await context.close()
  rmSync(profile, { recursive: true, force: true })
}
console.log(JSON.stringify(report))
