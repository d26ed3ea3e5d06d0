// A small QR code encoder (ISO/IEC 18004): byte mode, error correction level M, versions 1–40, the mask with the
// lowest penalty. Written for BIP21 payment URIs on the Market page, so no script comes from elsewhere.
// encodeQr(text) → { size, version, mask, modules: size×size booleans (true = dark), row-major }.

// Error correction codewords per block and number of blocks at level M, per version (index 0 = version 1).
const EC_PER_BLOCK = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28,
  28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28]
const BLOCKS = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29,
  31, 33, 35, 37, 38, 40, 43, 45, 47, 49]
const LEVEL_M_BITS = 0b00

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512)
const LOG = new Uint8Array(256)
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x
  LOG[x] = i
  x <<= 1
  if (x & 0x100) x ^= 0x11d
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]
const mul = (a, b) => (a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]])

function generator (degree) {
  // Coefficients of prod (x - a^i), highest power first, leading 1 left out.
  let poly = [1]
  for (let i = 0; i < degree; i++) {
    const next = new Array(poly.length + 1).fill(0)
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j]
      next[j + 1] ^= mul(poly[j], EXP[i])
    }
    poly = next
  }
  return poly.slice(1)
}

function remainder (data, gen) {
  const out = new Array(gen.length).fill(0)
  for (const byte of data) {
    const factor = byte ^ out.shift()
    out.push(0)
    for (let i = 0; i < gen.length; i++) out[i] ^= mul(gen[i], factor)
  }
  return out
}

// Modules left for data and error correction once the function patterns are placed.
function rawDataModules (version) {
  let n = (16 * version + 128) * version + 64
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2
    n -= (25 * align - 10) * align - 55
    if (version >= 7) n -= 36
  }
  return n
}

function dataCapacity (version) {
  return Math.floor(rawDataModules(version) / 8) - EC_PER_BLOCK[version - 1] * BLOCKS[version - 1]
}

function alignmentPositions (version) {
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const size = version * 4 + 17
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2
  const positions = [6]
  for (let pos = size - 7; positions.length < count; pos -= step) positions.splice(1, 0, pos)
  return positions
}

function bitsOf (bytes, version) {
  const bits = []
  const put = (value, length) => { for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1) }
  put(0b0100, 4)
  put(bytes.length, version < 10 ? 8 : 16)
  for (const b of bytes) put(b, 8)
  const capacityBits = dataCapacity(version) * 8
  put(0, Math.min(4, capacityBits - bits.length))
  put(0, (8 - bits.length % 8) % 8)
  const codewords = []
  for (let i = 0; i < bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0))
  for (let pad = 0xec; codewords.length < dataCapacity(version); pad ^= 0xec ^ 0x11) codewords.push(pad)
  return codewords
}

function withErrorCorrection (data, version) {
  const blocks = BLOCKS[version - 1]
  const ecLength = EC_PER_BLOCK[version - 1]
  const total = Math.floor(rawDataModules(version) / 8)
  const shortBlocks = blocks - total % blocks
  const shortLength = Math.floor(total / blocks)
  const gen = generator(ecLength)
  const dataBlocks = []
  const ecBlocks = []
  for (let i = 0, k = 0; i < blocks; i++) {
    const length = shortLength - ecLength + (i < shortBlocks ? 0 : 1)
    const block = data.slice(k, k + length)
    k += length
    dataBlocks.push(block)
    ecBlocks.push(remainder(block, gen))
  }
  const out = []
  for (let i = 0; i <= shortLength - ecLength; i++) {
    for (const block of dataBlocks) if (i < block.length) out.push(block[i])
  }
  for (let i = 0; i < ecLength; i++) for (const block of ecBlocks) out.push(block[i])
  return out
}

// BCH code of `value` (already shifted) by `poly`, as used for the format and version information.
function bch (value, poly, degree) {
  let rem = value << degree
  for (let bit = 31; bit >= degree; bit--) if ((rem >>> bit) & 1) rem ^= poly << (bit - degree)
  return (value << degree) | rem
}

const MASKS = [
  (r, c) => (r + c) % 2 === 0,
  (r, c) => r % 2 === 0,
  (r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => (r * c) % 2 + (r * c) % 3 === 0,
  (r, c) => ((r * c) % 2 + (r * c) % 3) % 2 === 0,
  (r, c) => ((r + c) % 2 + (r * c) % 3) % 2 === 0
]

class Grid {
  constructor (version) {
    this.version = version
    this.size = version * 4 + 17
    this.dark = Array.from({ length: this.size }, () => new Array(this.size).fill(false))
    this.reserved = Array.from({ length: this.size }, () => new Array(this.size).fill(false))
  }

  set (row, col, dark) {
    this.dark[row][col] = dark
    this.reserved[row][col] = true
  }

  functionPatterns () {
    const n = this.size
    for (let i = 0; i < n; i++) {
      this.set(6, i, i % 2 === 0)
      this.set(i, 6, i % 2 === 0)
    }
    for (const [r, c] of [[3, 3], [3, n - 4], [n - 4, 3]]) {
      for (let dr = -4; dr <= 4; dr++) {
        for (let dc = -4; dc <= 4; dc++) {
          const rr = r + dr
          const cc = c + dc
          if (rr < 0 || rr >= n || cc < 0 || cc >= n) continue
          const ring = Math.max(Math.abs(dr), Math.abs(dc))
          this.set(rr, cc, ring !== 2 && ring !== 4)
        }
      }
    }
    const align = alignmentPositions(this.version)
    for (const r of align) {
      for (const c of align) {
        if ((r === 6 && c === 6) || (r === 6 && c === n - 7) || (r === n - 7 && c === 6)) continue
        for (let dr = -2; dr <= 2; dr++) {
          for (let dc = -2; dc <= 2; dc++) this.set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1)
        }
      }
    }
    this.format(0) // reserve the format areas; drawn for real once the mask is chosen
    if (this.version >= 7) {
      const bits = bch(this.version, 0x1f25, 12)
      for (let i = 0; i < 18; i++) {
        const dark = ((bits >>> i) & 1) === 1
        const a = n - 11 + i % 3
        const b = Math.floor(i / 3)
        this.set(a, b, dark)
        this.set(b, a, dark)
      }
    }
  }

  format (mask) {
    const n = this.size
    const bits = bch((LEVEL_M_BITS << 3) | mask, 0x537, 10) ^ 0x5412
    const bit = i => ((bits >>> i) & 1) === 1
    for (let i = 0; i <= 5; i++) this.set(i, 8, bit(i))
    this.set(7, 8, bit(6))
    this.set(8, 8, bit(7))
    this.set(8, 7, bit(8))
    for (let i = 9; i < 15; i++) this.set(8, 14 - i, bit(i))
    for (let i = 0; i < 8; i++) this.set(8, n - 1 - i, bit(i))
    for (let i = 8; i < 15; i++) this.set(n - 15 + i, 8, bit(i))
    this.set(n - 8, 8, true)
  }

  place (codewords) {
    const n = this.size
    let i = 0
    for (let right = n - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5
      for (let vert = 0; vert < n; vert++) {
        for (let j = 0; j < 2; j++) {
          const col = right - j
          const upward = ((right + 1) & 2) === 0
          const row = upward ? n - 1 - vert : vert
          if (this.reserved[row][col]) continue
          if (i < codewords.length * 8) this.dark[row][col] = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1
          i++
        }
      }
    }
  }

  applyMask (mask) {
    const test = MASKS[mask]
    for (let r = 0; r < this.size; r++) {
      for (let c = 0; c < this.size; c++) if (!this.reserved[r][c] && test(r, c)) this.dark[r][c] = !this.dark[r][c]
    }
  }

  penalty () {
    const n = this.size
    const d = this.dark
    let score = 0
    const lines = []
    for (let i = 0; i < n; i++) {
      lines.push(d[i])
      lines.push(d.map(row => row[i]))
    }
    for (const line of lines) {
      // Runs of five or more of one colour.
      for (let k = 0, run = 1; k < n; k++) {
        if (k > 0 && line[k] === line[k - 1]) run++
        else run = 1
        if (run === 5) score += 3
        else if (run > 5) score += 1
      }
      // Finder-like 1:1:3:1:1 with four light modules on one side.
      for (let k = 0; k + 11 <= n; k++) {
        const s = line.slice(k, k + 11).map(x => (x ? 1 : 0)).join('')
        if (s === '10111010000' || s === '00001011101') score += 40
      }
    }
    for (let r = 0; r + 1 < n; r++) {
      for (let c = 0; c + 1 < n; c++) {
        const v = d[r][c]
        if (d[r][c + 1] === v && d[r + 1][c] === v && d[r + 1][c + 1] === v) score += 3
      }
    }
    const dark = d.reduce((sum, row) => sum + row.filter(Boolean).length, 0)
    score += Math.floor(Math.abs(dark * 20 - n * n * 10) / (n * n)) * 10
    return score
  }
}

export function encodeQr (text) {
  const bytes = Array.from(new TextEncoder().encode(String(text)))
  let version = 1
  while (version <= 40 && dataCapacity(version) < bytes.length + (version < 10 ? 2 : 3)) version++
  if (version > 40) throw new Error(`too long for a QR code: ${bytes.length} bytes`)
  const codewords = withErrorCorrection(bitsOf(bytes, version), version)
  let best = null
  for (let mask = 0; mask < 8; mask++) {
    const grid = new Grid(version)
    grid.functionPatterns()
    grid.place(codewords)
    grid.applyMask(mask)
    grid.format(mask)
    const score = grid.penalty()
    if (!best || score < best.score) best = { grid, mask, score }
  }
  return { size: best.grid.size, version, mask: best.mask, modules: best.grid.dark.map(row => row.slice()) }
}

// An <svg> of the code with a four-module quiet zone, built as DOM nodes (the CSP allows no inline markup tricks).
export function qrSvg (text, { scale = 4, label = 'QR code' } = {}) {
  const { size, modules } = encodeQr(text)
  const ns = 'http://www.w3.org/2000/svg'
  const total = size + 8
  const svg = document.createElementNS(ns, 'svg')
  svg.setAttribute('viewBox', `0 0 ${total} ${total}`)
  svg.setAttribute('width', String(total * scale))
  svg.setAttribute('height', String(total * scale))
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', label)
  svg.setAttribute('shape-rendering', 'crispEdges')
  const background = document.createElementNS(ns, 'rect')
  background.setAttribute('width', String(total))
  background.setAttribute('height', String(total))
  background.setAttribute('fill', '#fff')
  svg.append(background)
  let d = ''
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (modules[r][c]) d += `M${c + 4},${r + 4}h1v1h-1z`
  const path = document.createElementNS(ns, 'path')
  path.setAttribute('d', d)
  path.setAttribute('fill', '#000')
  svg.append(path)
  return svg
}
