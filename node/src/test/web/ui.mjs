// Drives Grapevine's web UI in Debian's chromium and prints what it saw as one JSON line (WebUiBrowserTest asserts
// on it). Input: GRAPEVINE_WEB_TEST, JSON {a:{web,peerId}, b:{web,peerId}, screenshots, share:{path,title}|null}.
// Each step waits with a bounded timeout; a failed step is reported with its name and the page's text.
import { chromium } from 'playwright-core'
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
    report.content = await step('share on A, search and download on B', async () => {
      report.loginB = await login(page, config.b)
      await show(page, config.a, 'shares')
      await page.fill('input[name="path"]', config.share.path)
      await page.fill('input[name="title"]', config.share.title)
      await page.click('form.stack button[type="submit"]')
      const contentId = (await page.textContent('#shared-content-id', { timeout: 120_000 })).trim()
      await page.screenshot({ path: join(shots, 'shares-after.png'), fullPage: true })
      await show(page, config.b, 'search')
      // Announcements take a moment to reach B: search again until the result shows.
      const row = `#results tr[data-content-id="${contentId}"]`
      const deadline = Date.now() + 60_000
      while (!(await page.locator(row).count())) {
        if (Date.now() > deadline) throw new Error(`no search result for ${contentId}`)
        await page.fill('input[name="q"]', config.share.title)
        await page.click('form.row button[type="submit"]')
        await page.waitForTimeout(1000)
      }
      await page.screenshot({ path: join(shots, 'search-results.png'), fullPage: true })
      await page.click(`${row} button.download`)
      await page.waitForSelector('#view[data-page="downloads"]')
      await page.waitForSelector('tr[data-state="COMPLETED"] .percent >> text=100%', { timeout: 120_000 })
      await page.screenshot({ path: join(shots, 'downloads-complete.png'), fullPage: true })
      return { contentId, percent: await page.textContent('tr[data-state="COMPLETED"] .percent') }
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
