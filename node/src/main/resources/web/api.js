// The node's API as the page sees it: same origin, authenticated by the HttpOnly session cookie. State-changing
// calls carry the session's CSRF token, fetched once from /api/v1/session.
export class ApiError extends Error {
  constructor (status, code, message) {
    super(message)
    this.status = status
    this.code = code
  }
}

let csrf = null

async function csrfHeaders () {
  if (!csrf) {
    const session = await request('GET', '/api/v1/session')
    csrf = { [session.csrfHeader]: session.csrfToken }
  }
  return csrf
}

async function request (method, path, body) {
  const headers = { Accept: 'application/json' }
  if (method !== 'GET') Object.assign(headers, await csrfHeaders())
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  if (response.status === 401) {
    // The node restarted (new token) or the session ended: back to the landing page.
    window.location.assign('/')
    throw new ApiError(401, 'unauthorized', 'not logged in')
  }
  if (response.status === 204) return null
  const text = await response.text()
  let json = null
  try { json = text ? JSON.parse(text) : null } catch { /* not JSON: reported below */ }
  if (!response.ok) {
    const detail = json?.error
    throw new ApiError(response.status, detail?.code ?? `http_${response.status}`, detail?.message ?? `HTTP ${response.status}`)
  }
  return json
}

export const api = {
  get: path => request('GET', path),
  post: (path, body) => request('POST', path, body ?? {}),
  put: (path, body) => request('PUT', path, body ?? {}),
  delete: path => request('DELETE', path),
  // Server-sent events named `name`; the cookie goes along, as EventSource cannot set headers. The caller closes
  // the returned source; onError sees connection failures and the server's end of the stream alike.
  events: (path, name, onEvent, onError) => {
    const source = new EventSource(path)
    source.addEventListener(name, e => {
      let data
      try { data = JSON.parse(e.data) } catch { return }
      onEvent(data, e)
    })
    source.onerror = e => onError?.(e)
    return source
  },
  // True when the node answers this route; a feature not enabled on this node answers 404.
  async exists (path) {
    try {
      await request('GET', path)
      return true
    } catch (e) {
      if (e.status === 404) return false
      throw e
    }
  }
}

export function query (params) {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, v)
  return search.toString()
}
