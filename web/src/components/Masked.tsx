/** A masked (or revealed) identity/phone number in a monospace face; '—' when empty. */
export function Masked({ value }: { value: string | null | undefined }) {
  if (!value) return <span style={{ color: 'rgba(0,0,0,0.35)' }}>—</span>;
  return <span className="fs-mono">{value}</span>;
}
