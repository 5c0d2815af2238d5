import type { SVGProps } from 'react';
import { Svg } from '../components/Icons';

/** A list with a magnifier: the log browser's nav icon. */
export const LogsIcon = (p: SVGProps<SVGSVGElement>) => (
  <Svg {...p}>
    <path d="M4 6h12M4 11h7M4 16h5" />
    <circle cx="16.5" cy="15.5" r="3.5" />
    <path d="m19 18 2.5 2.5" />
  </Svg>
);
