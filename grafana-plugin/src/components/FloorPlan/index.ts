export { FloorPlan, placeRooms, type FloorPlanProps } from './FloorPlan.js';
