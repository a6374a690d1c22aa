export { RoomGrid, type RoomGridProps } from './RoomGrid.js';
