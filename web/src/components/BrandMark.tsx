import { PARTY_RED } from '../app/theme';

/** The product mark: a gold five-pointed star on party red. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" style={{ flex: 'none' }}>
      <rect width="32" height="32" rx="7" fill={PARTY_RED} />
      <path fill="#ffd24a" d="M16 5.5l3.1 6.9 7.4.7-5.6 5 1.7 7.4L16 21.6l-6.6 3.9 1.7-7.4-5.6-5 7.4-.7z" />
    </svg>
  );
}
