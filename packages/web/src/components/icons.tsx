import type { ReactNode } from 'react';

/** Inline SVG icons (no network fetch); decorative unless the caller labels them. */
function Svg({ children, size = 24 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor"
      strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false"
    >
      {children}
    </svg>
  );
}

type IconProps = { size?: number };

export const MicIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <rect x="9" y="2" width="6" height="12" rx="3" />
    <path d="M5 10a7 7 0 0 0 14 0M12 17v4M8 21h8" />
  </Svg>
);

export const MicOffIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M15 9.3V5a3 3 0 0 0-5.7-1.3M9 9v2a3 3 0 0 0 5.1 2.1" />
    <path d="M19 10a7 7 0 0 1-1.2 3.9M5 10a7 7 0 0 0 11.3 5.5M12 17v4M8 21h8M3 3l18 18" />
  </Svg>
);

export const SpeakerIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M11 5 6 9H3v6h3l5 4z" />
    <path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" />
  </Svg>
);

export const SpeakerOffIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M11 5 6 9H3v6h3l5 4z" />
    <path d="m22 9-6 6M16 9l6 6" />
  </Svg>
);

export const InfoIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5M12 8h.01" />
  </Svg>
);

export const LeaveIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M3.5 14.5c-.6-.6-.6-1.6.1-2.2C6 10.2 8.9 9 12 9s6 1.2 8.4 3.3c.7.6.7 1.6.1 2.2l-1.4 1.4a1.5 1.5 0 0 1-2 .1l-1.6-1.2a1.5 1.5 0 0 1-.6-1.2v-1.4a12 12 0 0 0-5.8 0v1.4c0 .5-.2.9-.6 1.2l-1.6 1.2a1.5 1.5 0 0 1-2-.1z" />
  </Svg>
);

export const EndIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <rect x="5" y="5" width="14" height="14" rx="2" />
  </Svg>
);

export const ChatIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z" />
  </Svg>
);

export const SendIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M22 2 11 13M22 2l-7 20-4-9-9-4z" />
  </Svg>
);

export const CopyIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <rect x="9" y="9" width="12" height="12" rx="2" />
    <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
  </Svg>
);

export const CheckIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="m5 12 5 5L20 7" />
  </Svg>
);

export const CloseIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Svg>
);

export const PhoneIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z" />
  </Svg>
);

export const BrowserIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <path d="M3 9h18M7 6.5h.01M10 6.5h.01" />
  </Svg>
);

export const PlusIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M12 5v14M5 12h14" />
  </Svg>
);

export const KeypadIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M6 5h.01M12 5h.01M18 5h.01M6 11h.01M12 11h.01M18 11h.01M6 17h.01M12 17h.01M18 17h.01M12 22h.01" strokeWidth={3.2} />
  </Svg>
);

export const WarningIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0zM12 9v4M12 17h.01" />
  </Svg>
);

export const LogoutIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9" />
  </Svg>
);

export const GlobeIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
  </Svg>
);

export const HomeIcon = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="m3 10 9-7 9 7v10a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z" />
  </Svg>
);

/** Confab's mark: a speech bubble. */
export const Logo = ({ size = 28 }: IconProps) => (
  <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
    <rect width="32" height="32" rx="9" fill="var(--brand)" />
    <path d="M9 12a4 4 0 0 1 4-4h6a4 4 0 0 1 4 4v4a4 4 0 0 1-4 4h-3l-4 4v-4a3 3 0 0 1-3-3z" fill="#fff" />
    <path d="M13 13.5h6M13 16.5h4" stroke="var(--brand)" strokeWidth="1.6" strokeLinecap="round" />
  </svg>
);

export const Spinner = ({ size = 24 }: IconProps) => (
  <svg className="spinner" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeOpacity="0.2" strokeWidth="3" />
    <path d="M21 12a9 9 0 0 0-9-9" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
  </svg>
);
