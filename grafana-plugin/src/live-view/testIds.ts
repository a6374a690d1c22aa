/** data-testid values of the live view's own parts (its tiles and rooms use the panel's TEST_IDS). */
export const LIVE_TEST_IDS = {
  connection: 'live-connection',
  deviceCounts: 'live-device-counts',
  messageRate: 'live-message-rate',
  rejections: 'live-rejections',
  simulator: 'live-simulator',
  simulatorToggle: 'live-simulator-toggle',
  themeToggle: 'live-theme-toggle',
  details: 'live-device-details',
} as const;
