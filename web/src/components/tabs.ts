/** The tab an arrow key moves to from `current`, wrapping around; null for any other key. */
export function tabAfterKey<T>(tabs: readonly T[], current: T, key: string): T | null {
  if (key !== 'ArrowRight' && key !== 'ArrowLeft') return null;
  const step = key === 'ArrowRight' ? 1 : tabs.length - 1;
  return tabs[(tabs.indexOf(current) + step) % tabs.length] ?? current;
}
