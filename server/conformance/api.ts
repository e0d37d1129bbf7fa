// The conformance suite's only view of Amtsdesk: HTTP, the OpenAPI document and a client's credentials.
// Nothing here imports Amtsdesk code: what a vendor's software can rely on is exactly what this checks.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;
export interface ApiAnswer { status: number; body: any; headers: Headers }

export class ConformanceApi {
  private token: string | null = null;
  readonly ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: false, validateFormats: true });
  doc: Json = {};

  constructor(readonly baseUrl: string, private readonly clientId: string, private readonly clientSecret: string) {
    (addFormats as unknown as (a: unknown) => void)(this.ajv);
  }

  async loadDocument(): Promise<Json> {
    const res = await fetch(`${this.baseUrl}/api/openapi.json`);
    if (!res.ok) throw new Error(`/api/openapi.json antwortet mit HTTP ${res.status}`);
    this.doc = (await res.json()) as Json;
    // The document's components become one schema, so every "$ref": "#/components/…" resolves.
    this.ajv.addSchema({ $id: 'amtsdesk-openapi', components: this.doc.components ?? {} });
    return this.doc;
  }

  /** RFC 6749 §4.4 with HTTP Basic, as the document's token operation describes. */
  async requestToken(secret = this.clientSecret): Promise<ApiAnswer> {
    const res = await fetch(`${this.baseUrl}/api/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${this.clientId}:${secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
  }

  async signIn(): Promise<void> {
    const answer = await this.requestToken();
    if (answer.status !== 200 || typeof answer.body?.access_token !== 'string') throw new Error(`Token-Endpunkt: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    this.token = answer.body.access_token;
  }

  /** One operation with the client's token; one new token when the API answers 401 (expired). */
  async call(method: string, path: string, body?: unknown, raw = false, apiKey?: string): Promise<ApiAnswer> {
    const send = () => fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey ?? this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    let res = await send();
    if (res.status === 401 && !apiKey) {
      await this.signIn();
      res = await send();
    }
    const text = raw ? null : await res.text();
    return { status: res.status, body: raw ? Buffer.from(await res.arrayBuffer()) : text ? JSON.parse(text) : null, headers: res.headers };
  }

  /** The operation object the document declares for method + templated path, or undefined. */
  operation(method: string, template: string): Json | undefined {
    return this.doc.paths?.[template]?.[method.toLowerCase()];
  }

  /** Checks an answer against the response schema the document declares for it; returns the problems. */
  conforms(method: string, template: string, answer: ApiAnswer): string[] {
    const op = this.operation(method, template);
    if (!op) return [`${method} ${template} fehlt im OpenAPI-Dokument`];
    const declared = op.responses?.[String(answer.status)] ?? op.responses?.[`${String(answer.status)[0]}XX`] ?? op.responses?.default;
    if (!declared) return [`${method} ${template}: Status ${answer.status} ist nicht dokumentiert`];
    const schema = declared.content?.['application/json']?.schema ?? declared.content?.['application/problem+json']?.schema;
    if (!schema || answer.body === null || Buffer.isBuffer(answer.body)) return [];
    return this.validate(schema, answer.body).map((e) => `${method} ${template} (${answer.status}): ${e}`);
  }

  validate(schema: Json, value: unknown): string[] {
    const validate = this.ajv.compile(rebase(schema));
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}

/** "#/components/…" inside the document → "amtsdesk-openapi#/components/…" for Ajv. */
function rebase(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"amtsdesk-openapi#/'));
}
