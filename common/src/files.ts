/**
 * The stored files a page may show in place (an image, a PDF): the server serves these inline when asked, with a
 * sandbox CSP for images; every other type is a download. No SVG: it can carry script.
 */
export const INLINE_FILE_TYPES: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
];
