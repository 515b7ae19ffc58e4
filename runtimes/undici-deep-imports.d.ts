// The deep imports in node-fetch.ts (undici's Agent and request API alone); typed there
// through the package's own types.
declare module 'undici/lib/dispatcher/agent.js' {
  const Agent: unknown;
  export default Agent;
}
declare module 'undici/lib/api/api-request.js' {
  const request: unknown;
  export default request;
}
