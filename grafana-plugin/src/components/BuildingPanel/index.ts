export { BuildingPanel, type BuildingPanelProps } from './BuildingPanel.js';
