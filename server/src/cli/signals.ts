/** Resolves on the first SIGINT/SIGTERM; later ones (Ctrl+C reaches npm, tsx and us) must not kill the shutdown. */
export function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: string) => {
      if (!received) resolve(signal);
      received = true;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Exits anyway when an orderly shutdown hangs (a stuck delivery must not keep the process forever). */
export function forceExitAfter(ms: number, onForce: () => void): () => void {
  const force = setTimeout(() => {
    onForce();
    process.exit(1);
  }, ms);
  force.unref();
  return () => clearTimeout(force);
}
