/** The SSRF guard for every URL a tenant admin or operator configures (docs/security.md, "Outbound URLs (SSRF)"). */
export { classifyAddress, type AddressClass } from './addresses.js';
export { parseOutboundPolicy, type OutboundPolicy, type Resolver } from './policy.js';
export { assertOutboundUrl, checkOutboundUrl, type UrlField } from './check-url.js';
export { outboundFetch, OutboundError, OUTBOUND_UNREACHABLE, type OutboundInit } from './client.js';
