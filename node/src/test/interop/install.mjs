// Installs a folder's npm packages exactly as package-lock.json pins them, once: the Maven build runs it before the
// tests, and it does nothing when node_modules already matches the lock file (a stamp holds the lock file's hash).
// The folder is this script's own, or the one given as the first argument (the web UI tests use it too).
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = process.argv[2] ? resolve(process.argv[2]) : dirname(fileURLToPath(import.meta.url))
const label = basename(here)
const stamp = join(here, 'node_modules', '.grapevine-lock.sha256')
const lockHash = createHash('sha256').update(readFileSync(join(here, 'package-lock.json'))).digest('hex')

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === lockHash) {
  console.log(`${label}: npm packages up to date`)
} else {
  console.log(`${label}: npm ci (pinned by package-lock.json)`)
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) {
    console.error(`${label}: npm ci failed (${result.error?.message ?? `exit ${result.status}`})`)
    process.exit(1)
  }
  writeFileSync(stamp, lockHash + '\n')
}
