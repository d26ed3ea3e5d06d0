const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

export function bytes(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—'
  let value = Number(n)
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) { value /= 1024; unit++ }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`
}

export function rate(bytesPerSecond) {
  return bytesPerSecond === null || bytesPerSecond === undefined ? '—' : `${bytes(bytesPerSecond)}/s`
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(Number(seconds))) return '—'
  let s = Math.round(Number(seconds))
  const d = Math.floor(s / 86400); s -= d * 86400
  const hr = Math.floor(s / 3600); s -= hr * 3600
  const m = Math.floor(s / 60); s -= m * 60
  if (d) return `${d}d ${hr}h`
  if (hr) return `${hr}h ${m}m`
  if (m) return `${m}m ${s}s`
  return `${s}s`
}

export function percent(fraction) {
  return `${Math.floor(Math.max(0, Math.min(1, fraction)) * 100)}%`
}

export function sats(n) {
  return `${Number(n).toLocaleString('en')} sats`
}
