import type { SVGProps } from 'react';

/** A list with a magnifier: the log browser's nav icon. */
export const LogsIcon = (p: SVGProps<SVGSVGElement>) => (
  <svg
    width="16"
    height="16"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth={2}
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    {...p}
  >
    <path d="M4 6h12M4 11h7M4 16h5" />
    <circle cx="16.5" cy="15.5" r="3.5" />
    <path d="m19 18 2.5 2.5" />
  </svg>
);
