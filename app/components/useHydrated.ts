import { useEffect, useState } from "react";

/** True once hydrated: what renders only in the browser starts after, so hydration never meets a pending Suspense boundary. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
