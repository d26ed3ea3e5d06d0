// Node 20 lacks Promise.withResolvers (Node 22 has it); one js-libp2p 2.x dependency calls it.
// peer.mjs imports this module first so it is in place before any libp2p module is evaluated.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve
    let reject
    const promise = new this((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
