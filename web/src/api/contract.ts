import type { paths } from './generated/openapi';

/**
 * Types of the API contract, read from the server's OpenAPI document (generated/openapi.ts,
 * `npm run api:types`, decision 0013). Nothing here describes a shape by hand: a route's types are
 * whatever its TypeBox schema on the server says.
 */
export type ApiPath = keyof paths;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The methods a path offers (absent ones are `?: never` in the generated file). */
export type MethodOf<P extends ApiPath> = { [M in Method]: paths[P][M] extends { responses: unknown } ? M : never }[Method];
type Operation<P extends ApiPath, M extends MethodOf<P>> = Extract<paths[P][M], { responses: unknown }>;
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Success<R> = R extends { 200: infer A } ? A : R extends { 201: infer A } ? A : R extends { 202: infer A } ? A : never;

/** The JSON a successful call answers with (200, else 201, else 202). */
export type ApiResponse<P extends ApiPath, M extends MethodOf<P>> = Json<Success<Operation<P, M>['responses']>>;
/** The JSON body a call sends. */
export type ApiBody<P extends ApiPath, M extends MethodOf<P>> = Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
/** The query parameters a call takes. */
export type ApiQuery<P extends ApiPath, M extends MethodOf<P>> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** One element of a list answer's `items`. */
export type ItemOf<T> = T extends { items: ReadonlyArray<infer I> } ? I : never;

/**
 * A display order of every member of a union from the contract: a member the server adds or drops
 * makes the list fail to compile, so it can neither miss one nor invent one.
 */
export const everyMemberOf =
  <U extends string>() =>
  <const L extends readonly U[]>(list: L & ([U] extends [L[number]] ? unknown : { missing: Exclude<U, L[number]> })): L =>
    list;
