// Go's net/url: url.Parse and URL.String(), for values kubectl prints after a round trip through them (a CSR's URI
// names: the scheme lower-cased, characters escaped as Go escapes them, `%7e` kept when it is a valid encoding).
// A port of parse, setPath, setFragment, parseAuthority, parseHost, escape, unescape, validEncoded and String, as of
// Go 1.26 (stricter about hosts than kubectl 1.33's Go 1.24; a CSR reaches kubectl only once the API server parsed it).

import * as net from 'node:net';

type Encoding = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment';

export interface GoURL {
  scheme: string;
  opaque: string;
  user?: { username: string; password?: string };
  host: string;
  path: string;
  rawPath: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

const isAlnum = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

function shouldEscape(c: number, mode: Encoding): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'pathSegment':
        return '/;,?'.includes(ch);
      case 'userPassword':
        return '@/?:'.includes(ch);
      case 'queryComponent':
        return true;
      case 'fragment':
        return false;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

/** Go's escape over the string's UTF-8 bytes; %XX in upper case. */
function escape(s: string, mode: Encoding): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if (!shouldEscape(b, mode)) out += String.fromCharCode(b);
    else if (b === 0x20 && mode === 'queryComponent') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's unescape; undefined where Go returns an error. */
function unescape(s: string, mode: Encoding): string | undefined {
  const bytes = Buffer.from(s, 'utf8');
  for (let i = 0; i < bytes.length;) {
    const c = bytes[i];
    if (c === 0x25) {
      if (i + 2 >= bytes.length || !isHex(bytes[i + 1]) || !isHex(bytes[i + 2])) return undefined;
      const hi = parseInt(String.fromCharCode(bytes[i + 1]), 16);
      const triple = String.fromCharCode(bytes[i], bytes[i + 1], bytes[i + 2]);
      if (mode === 'host' && hi < 8 && triple !== '%25') return undefined;
      if (mode === 'zone') {
        const v = parseInt(triple.slice(1), 16);
        if (triple !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) return undefined;
      }
      i += 3;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) return undefined;
      i++;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x25) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
      i += 2;
    } else if (c === 0x2b && mode === 'queryComponent') out.push(0x20);
    else out.push(c);
  }
  return Buffer.from(out).toString('utf8');
}

function validEncoded(s: string, mode: Encoding): boolean {
  for (const b of Buffer.from(s, 'utf8')) {
    if (`!$&'()*+,;=:@[]%`.includes(String.fromCharCode(b))) continue;
    if (shouldEscape(b, mode)) return false;
  }
  return true;
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  return port[0] === ':' && /^[0-9]*$/.test(port.slice(1));
}

/** Go's url.Parse; undefined where Go returns an error. */
export function parseGoURL(raw: string): GoURL | undefined {
  const hash = raw.indexOf('#');
  const u = parse(hash < 0 ? raw : raw.slice(0, hash));
  if (!u || hash < 0) return u;
  const frag = raw.slice(hash + 1);
  const f = unescape(frag, 'fragment');
  if (f === undefined) return undefined;
  u.fragment = f;
  u.rawFragment = escape(f, 'fragment') === frag ? '' : frag;
  return u;
}

function parse(raw: string): GoURL | undefined {
  if (/[\x00-\x1f\x7f]/.test(raw)) return undefined;
  const u: GoURL = {
    scheme: '',
    opaque: '',
    host: '',
    path: '',
    rawPath: '',
    omitHost: false,
    forceQuery: false,
    rawQuery: '',
    fragment: '',
    rawFragment: '',
  };
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  let rest = raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) break;
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) return undefined; // missing protocol scheme
      u.scheme = raw.slice(0, i).toLowerCase();
      rest = raw.slice(i + 1);
    }
    break;
  }
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    const slash = rest.indexOf('/');
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) return undefined;
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    const afterSlashes = rest.slice(2);
    const slash = afterSlashes.indexOf('/');
    const authority = slash < 0 ? afterSlashes : afterSlashes.slice(0, slash);
    rest = slash < 0 ? '' : afterSlashes.slice(slash);
    if (!parseAuthority(authority, u)) return undefined;
  } else if (u.scheme !== '' && rest.startsWith('/')) {
    u.omitHost = true;
  }
  const p = unescape(rest, 'path');
  if (p === undefined) return undefined;
  u.path = p;
  u.rawPath = escape(p, 'path') === rest ? '' : rest;
  return u;
}

function parseAuthority(authority: string, u: GoURL): boolean {
  const at = authority.lastIndexOf('@');
  const host = parseHost(u.scheme, at < 0 ? authority : authority.slice(at + 1));
  if (host === undefined) return false;
  u.host = host;
  if (at < 0) return true;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return false;
  const colon = userinfo.indexOf(':');
  const username = unescape(colon < 0 ? userinfo : userinfo.slice(0, colon), 'userPassword');
  if (username === undefined) return false;
  if (colon < 0) {
    u.user = { username };
    return true;
  }
  const password = unescape(userinfo.slice(colon + 1), 'userPassword');
  if (password === undefined) return false;
  u.user = { username, password };
  return true;
}

function parseHost(scheme: string, host: string): string | undefined {
  const open = host.lastIndexOf('[');
  if (open > 0) return undefined; // invalid IP-literal
  if (open === 0) {
    // An IP-literal (RFC 3986, RFC 6874's %25 zone): only a valid IPv6 address may be in brackets.
    const close = host.lastIndexOf(']');
    if (close < 0) return undefined;
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return undefined;
    const port = unescape(colonPort, 'host');
    const hostname = host.slice(1, close);
    const zone = hostname.indexOf('%25');
    const parts =
      zone >= 0
        ? [unescape(hostname.slice(0, zone), 'host'), unescape(hostname.slice(zone), 'zone')]
        : [unescape(hostname, 'host')];
    if (port === undefined || parts.some((x) => x === undefined)) return undefined;
    const unescaped = parts.join('');
    if (!net.isIPv6(unescaped)) return undefined; // netip.ParseAddr, refusing IPv4

    return `[${unescaped}]${port}`;
  }
  let colon = host.indexOf(':');
  if (colon >= 0) {
    // Several colons: refused for http(s) (Go's urlstrictcolons default), else the last one starts the port.
    if (scheme !== 'http' && scheme !== 'https') colon = host.lastIndexOf(':');
    if (!validOptionalPort(host.slice(colon))) return undefined;
  }
  return unescape(host, 'host');
}

function escapedPath(u: GoURL): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path') && unescape(u.rawPath, 'path') === u.path) return u.rawPath;
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

function escapedFragment(u: GoURL): string {
  if (
    u.rawFragment !== '' &&
    validEncoded(u.rawFragment, 'fragment') &&
    unescape(u.rawFragment, 'fragment') === u.fragment
  )
    return u.rawFragment;
  return escape(u.fragment, 'fragment');
}

/** Go's URL.String(). */
export function goURLString(u: GoURL): string {
  let out = '';
  if (u.scheme !== '') out += `${u.scheme}:`;
  if (u.opaque !== '') out += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (!(u.omitHost && u.host === '' && !u.user)) {
        if (u.host !== '' || u.path !== '' || u.user) out += '//';
        if (u.user) {
          out += escape(u.user.username, 'userPassword');
          if (u.user.password !== undefined) out += `:${escape(u.user.password, 'userPassword')}`;
          out += '@';
        }
        if (u.host !== '') out += escape(u.host, 'host');
      }
    }
    const p = escapedPath(u);
    if (p !== '' && p[0] !== '/' && u.host !== '') out += '/';
    if (out === '') {
      const slash = p.indexOf('/');
      if ((slash < 0 ? p : p.slice(0, slash)).includes(':')) out += './';
    }
    out += p;
  }
  if (u.forceQuery || u.rawQuery !== '') out += `?${u.rawQuery}`;
  if (u.fragment !== '') out += `#${escapedFragment(u)}`;
  return out;
}
