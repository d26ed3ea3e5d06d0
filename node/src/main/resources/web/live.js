// Refreshes a page every `ms` while it is shown; stops on the returned function (the router calls it on leave).
// A refresh never overlaps the previous one, so a slow node is not flooded.
export function every (ms, refresh) {
  let stopped = false
  let timer = null
  const tick = async () => {
    if (stopped) return
    try { await refresh() } finally {
      if (!stopped) timer = setTimeout(tick, ms)
    }
  }
  tick()
  return () => { stopped = true; clearTimeout(timer) }
}
