/**
 * Drives a browser-like authorization code flow with real HTTP requests: the app's start route,
 * the provider's authorization endpoint and its login/consent forms, back to the app's callback.
 */
type Jar = Map<string, string>;

function remember(jar: Jar, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const index = pair!.indexOf('=');
    const name = pair!.slice(0, index).trim();
    const value = pair!.slice(index + 1).trim();
    const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
    if (expired) jar.delete(name);
    else jar.set(name, value);
  }
}

/** The staff sign-in's start route; the citizen portal passes its own. */
const STAFF_START = '/api/auth/oidc/start';

const header = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

export interface FlowResult {
  /** The app's answer to the callback. */
  callback: Response;
  /** The app's cookies at the end (state cookie, session cookie). */
  appCookies: Jar;
  /** The authorization request the app sent the browser to. */
  authorizationUrl: URL;
  callbackUrl: URL;
}

/** The whole flow, ending with the browser's request to the app's callback. */
export async function runOidcFlow(appBase: string, tenantSlug: string, accountId: string, startPath = STAFF_START): Promise<FlowResult> {
  const { appCookies, authorizationUrl, callbackUrl } = await authorizeAtProvider(appBase, tenantSlug, accountId, startPath);
  const callback = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: header(appCookies) } });
  remember(appCookies, callback);
  return { callback, appCookies, authorizationUrl, callbackUrl };
}

/** Start at the app and sign in at the provider, stopping where the browser would call the app's callback. */
export async function authorizeAtProvider(
  appBase: string,
  tenantSlug: string,
  accountId: string,
  startPath = STAFF_START,
): Promise<{ appCookies: Jar; authorizationUrl: URL; callbackUrl: URL }> {
  const appCookies: Jar = new Map();
  const idpCookies: Jar = new Map();
  const start = await fetch(`${appBase}${startPath}?tenant=${encodeURIComponent(tenantSlug)}`, { redirect: 'manual' });
  if (start.status !== 302) throw new Error(`start answered ${start.status}: ${await start.text()}`);
  remember(appCookies, start);
  const authorizationUrl = new URL(start.headers.get('location')!);
  let url = authorizationUrl;
  for (let step = 0; step < 20; step++) {
    if (url.href.startsWith(appBase)) return { appCookies, authorizationUrl, callbackUrl: url };
    let response = await fetch(url, { redirect: 'manual', headers: { cookie: header(idpCookies) } });
    remember(idpCookies, response);
    if (response.status === 200) {
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`no form at ${url.pathname}`);
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      const form: Record<string, string> = prompt === 'login' ? { prompt, login: accountId, password: 'beliebig' } : { prompt: prompt ?? 'consent' };
      response = await fetch(new URL(action, url), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: header(idpCookies), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      remember(idpCookies, response);
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`provider answered ${response.status} at ${url.pathname}: ${await response.text()}`);
    url = new URL(location, url);
  }
  throw new Error('the flow did not come back to the app');
}
