// A js-libp2p peer driven by Grapevine's interop tests and throughput benchmark.
//
// Start: node peer.mjs [listen-multiaddr]   (default /ip4/127.0.0.1/tcp/0)
// Prints one line {"event":"ready","peerId":...,"addrs":[...]}, then reads one JSON command per stdin line,
// {"id":<n>,"cmd":<name>,...}, and answers each with one stdout line {"id":<n>,"ok":true,...} or
// {"id":<n>,"ok":false,"error":...}. Commands run concurrently; replies may come out of order (match on id).
//   dial {addr}                        -> {peer, remoteAddr, direction}
//   ping {peer}                        -> {rttMs}
//   identify {peer, run?}              -> {agentVersion, protocolVersion, protocols, listenAddrs} from the peer store
//                                         (run: true runs identify on the open connection first)
//   echo {peer, bytesPerStream, streams} -> {bytes, streams, seconds, mibPerSec}, every echoed byte verified
//   sink {peer, bytes}                 -> {bytes, seconds, mibPerSec}: one /grapevine/sink/1.0.0 stream, sent one way,
//                                         timed from the first byte to the sink's verified count + CRC-32 reply
//   connections {}                     -> {connections: [{peer, remoteAddr, direction, status, rttMs, streams, ...}]}
//   hangup {peer}                      -> {}
//   subscribe {topic}                  -> {}   (gossipsub; messages on the topic are kept for `received`)
//   publish {topic, data}              -> {recipients}   (data base64)
//   received {topic}                   -> {messages: [{from, data, seqno}]}   (data base64, in arrival order)
//   subscribeCounting {topic}          -> {}   (gossipsub; only counts deliveries on the topic, keeps no data:
//                                         a receiver measured flat out must not spend its time on the harness)
//   deliveries {topic}                 -> {count, firstMs, lastMs}: deliveries on the topic so far and when the
//                                         first and last came (ms on this process's monotonic clock)
//   publishMany {topic, count, size, batch?} -> {published, seconds}: publishes count signed messages of size bytes
//                                         (a big-endian counter in the first 8) flat out, batch at a time (default
//                                         256) with no round trip to the driver; each batch is awaited, so js's
//                                         event loop sends as it goes
//   gossipsub {topic}                  -> {mesh: [peer], subscribers: [peer], protocols: [id]}
//   stop {}                            -> {} then exits
// GOSSIPSUB_PROTOCOLS (comma-separated) restricts the gossipsub protocol ids js offers, e.g. /meshsub/1.1.0.
// Every command accepts timeoutMs (default 60000). The process exits when stdin closes, so a dead test leaves no orphan.
import './polyfill.mjs'
import { createInterface } from 'node:readline'
import { randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { setMaxListeners } from 'node:events'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { gossipsub } from '@chainsafe/libp2p-gossipsub'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'

const ECHO = '/grapevine/echo/1.0.0'
// One-way throughput: the responder counts the bytes and their CRC-32 and, on the sender's FIN, replies with
// count (8 bytes) || CRC-32 (4 bytes), big-endian, then closes.
const SINK = '/grapevine/sink/1.0.0'
const SINK_REPLY_LENGTH = 12
const MAX_SINK_BYTES = 64 * 1024 * 1024 * 1024
// Room for the 100-concurrent-stream echo test; js-libp2p's per-protocol defaults are 32 inbound / 64 outbound.
const MAX_ECHO_STREAMS = 1024
const MAX_BYTES_PER_STREAM = 1024 * 1024 * 1024
const CHUNK = 64 * 1024
// Sent bytes come from one random pattern; an odd length keeps chunk and pattern boundaries out of step.
const PATTERN = randomBytes(1024 * 1024 + 17)

const node = await createLibp2p({
  addresses: { listen: [process.argv[2] ?? '/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub({ emitSelf: false, allowPublishToZeroTopicPeers: true, heartbeatInterval: 200 })
  },
  start: false
})
if (process.env.GOSSIPSUB_PROTOCOLS) {
  node.services.pubsub.multicodecs = process.env.GOSSIPSUB_PROTOCOLS.split(',')
}
await node.start()

// Bounded: a test never needs more than this many messages per topic.
const MAX_KEPT = 100000
const inbox = new Map()
// topic -> {count, firstMs, lastMs}, for every subscribed topic
const counters = new Map()
const MAX_PUBLISH_MANY = 10_000_000
const MAX_PUBLISH_SIZE = 1024 * 1024
node.services.pubsub.addEventListener('message', evt => {
  const m = evt.detail
  const counter = counters.get(m.topic)
  if (counter != null) {
    const now = performance.now()
    if (counter.count === 0) counter.firstMs = now
    counter.lastMs = now
    counter.count++
  }
  const kept = inbox.get(m.topic)
  if (kept == null || kept.length >= MAX_KEPT) return
  kept.push({ from: m.from?.toString() ?? null, data: Buffer.from(m.data).toString('base64'), seqno: m.sequenceNumber?.toString() ?? null })
})

await node.handle(ECHO, ({ stream }) => {
  // Echo until the remote's FIN; sink ending closes our write side.
  stream.sink(stream.source).catch(err => stream.abort(err))
}, { maxInboundStreams: MAX_ECHO_STREAMS, maxOutboundStreams: MAX_ECHO_STREAMS })

await node.handle(SINK, async ({ stream }) => {
  try {
    let count = 0
    let crc = 0
    for await (const list of stream.source) {
      for (const buf of list) {
        crc = crc32(buf, crc)
        count += buf.length
      }
    }
    const reply = Buffer.alloc(SINK_REPLY_LENGTH)
    reply.writeBigUInt64BE(BigInt(count), 0)
    reply.writeUInt32BE(crc, 8)
    await stream.sink([reply])
  } catch (err) {
    stream.abort(err)
  }
})

function send (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

function toPeerId (peer) {
  if (typeof peer !== 'string') throw new Error('peer must be a peer id string')
  return peerIdFromString(peer)
}

function target (peer) {
  return typeof peer === 'string' && peer.startsWith('/') ? multiaddr(peer) : toPeerId(peer)
}

function connectionTo (peerId) {
  const conn = node.getConnections(peerId).find(c => c.status === 'open')
  if (conn == null) throw new Error(`no open connection to ${peerId}`)
  return conn
}

const decoder = new TextDecoder()
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

function patternSlice (position, max) {
  const start = position % PATTERN.length
  return PATTERN.subarray(start, Math.min(start + max, PATTERN.length))
}

async function * patternChunks (offset, length) {
  for (let sent = 0; sent < length;) {
    const chunk = patternSlice(offset + sent, Math.min(CHUNK, length - sent))
    sent += chunk.length
    yield chunk
  }
}

async function echoOne (conn, index, length, signal) {
  const offset = index * 7919
  const stream = await conn.newStream(ECHO, { signal, maxOutboundStreams: MAX_ECHO_STREAMS })
  const sending = stream.sink(patternChunks(offset, length))
  let received = 0
  for await (const list of stream.source) {
    for (const buf of list) {
      if (received + buf.length > length) throw new Error(`stream ${index}: echoed more than the ${length} bytes sent`)
      for (let at = 0; at < buf.length;) {
        const expected = patternSlice(offset + received + at, buf.length - at)
        if (Buffer.compare(expected, buf.subarray(at, at + expected.length)) !== 0) {
          throw new Error(`stream ${index}: echoed bytes differ near offset ${received + at}`)
        }
        at += expected.length
      }
      received += buf.length
    }
  }
  await sending
  if (received !== length) throw new Error(`stream ${index}: echoed ${received} of ${length} bytes`)
}

async function sinkOne (conn, length, signal) {
  const stream = await conn.newStream(SINK, { signal })
  let crc = 0
  async function * counted () {
    for await (const chunk of patternChunks(0, length)) {
      crc = crc32(chunk, crc)
      yield chunk
    }
  }
  const started = process.hrtime.bigint()
  const replying = (async () => {
    const reply = []
    let received = 0
    for await (const list of stream.source) {
      received += list.byteLength
      if (received > SINK_REPLY_LENGTH) throw new Error(`sink reply longer than ${SINK_REPLY_LENGTH} bytes`)
      reply.push(list.subarray())
    }
    return Buffer.concat(reply)
  })()
  await stream.sink(counted())
  const reply = await replying
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (reply.length !== SINK_REPLY_LENGTH) throw new Error(`sink replied ${reply.length} of ${SINK_REPLY_LENGTH} bytes`)
  const count = reply.readBigUInt64BE(0)
  if (count !== BigInt(length)) throw new Error(`sink counted ${count} of the ${length} bytes sent`)
  if (reply.readUInt32BE(8) !== crc) throw new Error(`sink CRC-32 ${reply.readUInt32BE(8).toString(16)}, sent ${crc.toString(16)}`)
  return seconds
}

const commands = {
  async dial ({ addr }, signal) {
    const conn = await node.dial(multiaddr(addr), { signal })
    return { peer: conn.remotePeer.toString(), remoteAddr: conn.remoteAddr.toString(), direction: conn.direction }
  },

  async ping ({ peer }, signal) {
    return { rttMs: await node.services.ping.ping(target(peer), { signal }) }
  },

  async identify ({ peer, run }, signal) {
    const peerId = toPeerId(peer)
    if (run) await node.services.identify.identify(connectionTo(peerId), { signal })
    // Identify runs by itself after each connection opens; wait until its result has reached the peer store.
    for (;;) {
      signal.throwIfAborted()
      const stored = await node.peerStore.get(peerId).catch(() => null)
      if (stored != null && stored.metadata.has('AgentVersion') && stored.protocols.length > 0) {
        return {
          agentVersion: decoder.decode(stored.metadata.get('AgentVersion')),
          protocolVersion: stored.metadata.has('ProtocolVersion') ? decoder.decode(stored.metadata.get('ProtocolVersion')) : null,
          protocols: stored.protocols,
          listenAddrs: stored.addresses.map(a => a.multiaddr.toString())
        }
      }
      await sleep(50)
    }
  },

  async echo ({ peer, bytesPerStream, streams }, signal) {
    if (!Number.isInteger(bytesPerStream) || bytesPerStream < 0 || bytesPerStream > MAX_BYTES_PER_STREAM) {
      throw new Error(`bytesPerStream must be an integer in [0, ${MAX_BYTES_PER_STREAM}]`)
    }
    if (!Number.isInteger(streams) || streams < 1 || streams > MAX_ECHO_STREAMS) {
      throw new Error(`streams must be an integer in [1, ${MAX_ECHO_STREAMS}]`)
    }
    const conn = connectionTo(toPeerId(peer))
    // Every concurrent stream listens on the one command signal.
    setMaxListeners(Infinity, signal)
    const started = process.hrtime.bigint()
    await Promise.all(Array.from({ length: streams }, (_, i) => echoOne(conn, i, bytesPerStream, signal)))
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const bytes = bytesPerStream * streams
    return { bytes, streams, seconds, mibPerSec: bytes / (1024 * 1024) / seconds }
  },

  async sink ({ peer, bytes }, signal) {
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > MAX_SINK_BYTES) {
      throw new Error(`bytes must be an integer in [0, ${MAX_SINK_BYTES}]`)
    }
    const seconds = await sinkOne(connectionTo(toPeerId(peer)), bytes, signal)
    return { bytes, seconds, mibPerSec: bytes / (1024 * 1024) / seconds }
  },

  async connections () {
    return {
      connections: node.getConnections().map(c => ({
        peer: c.remotePeer.toString(),
        remoteAddr: c.remoteAddr.toString(),
        direction: c.direction,
        status: c.status,
        encryption: c.encryption,
        multiplexer: c.multiplexer,
        rttMs: c.rtt ?? null,
        streams: c.streams.length,
        openedAt: c.timeline.open
      }))
    }
  },

  async hangup ({ peer }, signal) {
    await node.hangUp(toPeerId(peer), { signal })
    return {}
  },

  async subscribe ({ topic }) {
    if (!inbox.has(topic)) inbox.set(topic, [])
    node.services.pubsub.subscribe(topic)
    return {}
  },

  async subscribeCounting ({ topic }) {
    if (!counters.has(topic)) counters.set(topic, { count: 0, firstMs: null, lastMs: null })
    node.services.pubsub.subscribe(topic)
    return {}
  },

  async deliveries ({ topic }) {
    return counters.get(topic) ?? { count: 0, firstMs: null, lastMs: null }
  },

  async publishMany ({ topic, count, size, batch = 256 }, signal) {
    if (!Number.isInteger(count) || count < 0 || count > MAX_PUBLISH_MANY) {
      throw new Error(`count must be an integer in [0, ${MAX_PUBLISH_MANY}]`)
    }
    if (!Number.isInteger(size) || size < 8 || size > MAX_PUBLISH_SIZE) {
      throw new Error(`size must be an integer in [8, ${MAX_PUBLISH_SIZE}]`)
    }
    if (!Number.isInteger(batch) || batch < 1 || batch > 65536) throw new Error('batch must be an integer in [1, 65536]')
    const started = process.hrtime.bigint()
    let published = 0
    while (published < count) {
      signal.throwIfAborted()
      const round = []
      for (let i = 0; i < batch && published < count; i++, published++) {
        const data = Buffer.alloc(size)
        data.writeBigUInt64BE(BigInt(published), 0)
        round.push(node.services.pubsub.publish(topic, data))
      }
      await Promise.all(round)
    }
    return { published, seconds: Number(process.hrtime.bigint() - started) / 1e9 }
  },

  async publish ({ topic, data }) {
    const result = await node.services.pubsub.publish(topic, Buffer.from(data, 'base64'))
    return { recipients: result.recipients.map(String) }
  },

  async received ({ topic }) {
    return { messages: inbox.get(topic) ?? [] }
  },

  async gossipsub ({ topic }) {
    const ps = node.services.pubsub
    return {
      mesh: ps.getMeshPeers(topic),
      subscribers: ps.getSubscribers(topic).map(String),
      protocols: ps.multicodecs
    }
  },

  async stop () {
    setImmediate(shutdown)
    return {}
  }
}

async function run (line) {
  let request
  try {
    request = JSON.parse(line)
  } catch (err) {
    send({ id: null, ok: false, error: `not JSON: ${err.message}` })
    return
  }
  const { id = null, cmd, timeoutMs = 60000 } = request
  try {
    const handler = Object.hasOwn(commands, cmd) ? commands[cmd] : null
    if (handler == null) throw new Error(`unknown command ${cmd}`)
    const result = await handler(request, AbortSignal.timeout(timeoutMs))
    send({ id, ok: true, ...result })
  } catch (err) {
    send({ id, ok: false, error: `${err.name}: ${err.message}` })
  }
}

let stopping = false
async function shutdown () {
  if (stopping) return
  stopping = true
  // Never hang on a stuck close: the harness waits for this process to go away.
  const forced = setTimeout(() => process.exit(0), 5000)
  forced.unref()
  try {
    await node.stop()
  } catch (err) {
    process.stderr.write(`stop failed: ${err.stack ?? err}\n`)
  }
  process.exit(0)
}

process.on('unhandledRejection', err => process.stderr.write(`unhandled rejection: ${err?.stack ?? err}\n`))
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
process.stdout.on('error', () => shutdown())

const input = createInterface({ input: process.stdin, crlfDelay: Infinity })
input.on('line', line => { if (line.trim() !== '') run(line) })
input.on('close', shutdown)

send({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })
