// Installs this folder's npm packages exactly as package-lock.json pins them, once: the Maven build runs it before the
// tests, and it does nothing when node_modules already matches the lock file (a stamp holds the lock file's hash).
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const stamp = join(here, 'node_modules', '.grapevine-lock.sha256')
const lockHash = createHash('sha256').update(readFileSync(join(here, 'package-lock.json'))).digest('hex')

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === lockHash) {
  console.log('interop: npm packages up to date')
} else {
  console.log('interop: npm ci (pinned by package-lock.json)')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) {
    console.error(`interop: npm ci failed (${result.error?.message ?? `exit ${result.status}`})`)
    process.exit(1)
  }
  writeFileSync(stamp, lockHash + '\n')
}
